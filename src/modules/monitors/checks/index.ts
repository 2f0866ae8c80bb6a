import type { Checker, CheckContext, CheckResult, MonitorSpec, MonitorType } from '../monitor-types.js';
import { dnsChecker } from './dns-check.js';
import { HttpChecker } from './http-check.js';
import { PingBatcher } from './ping-check.js';
import { tcpChecker, tlsChecker } from './socket-check.js';

export interface Checkers {
  check(monitor: MonitorSpec, context: CheckContext): Promise<CheckResult>;
  close(): Promise<void>;
}

/** The active checks by monitor type; `push` and `device` are judged by the service, not here. */
export function createCheckers({ dnsServers }: { dnsServers: readonly string[] }): Checkers {
  const http = new HttpChecker(dnsServers);
  const ping = new PingBatcher(dnsServers);
  const byType: Partial<Record<MonitorType, Checker>> = {
    http: (m, c) => http.check(m, c), keyword: (m, c) => http.check(m, c), 'json-query': (m, c) => http.check(m, c),
    tcp: tcpChecker(dnsServers), tls: tlsChecker(dnsServers), dns: dnsChecker(dnsServers), ping: (m, c) => ping.check(m, c),
  };
  return {
    async check(monitor, context) {
      const checker = byType[monitor.type];
      if (!checker) return { status: 'down', responseMs: null, message: 'Not an active check' };
      try {
        return await checker(monitor, context);
      } catch (error) {
        return { status: 'down', responseMs: null, message: `Check failed: ${(error as Error).message.slice(0, 200)}` };
      }
    },
    async close() {
      await Promise.all([http.close(), ping.close()]);
    },
  };
}
