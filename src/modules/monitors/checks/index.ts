import type { Checker, CheckContext, CheckResult, MonitorSpec, MonitorType } from '../monitor-types.js';
import { dnsChecker } from './dns-check.js';
import type { HttpChecker } from './http-check.js';
import { PingBatcher } from './ping-check.js';
import { tcpChecker, tlsChecker } from './socket-check.js';

export interface Checkers {
  check(monitor: MonitorSpec, context: CheckContext): Promise<CheckResult>;
  close(): Promise<void>;
}

/** The active checks by monitor type; `push` and `device` are judged by the service, not here. */
export function createCheckers({ dnsServers }: { dnsServers: readonly string[] }): Checkers {
  // undici is loaded with the first HTTP check: a server without HTTP monitors never holds it.
  let http: Promise<HttpChecker> | undefined;
  const viaHttp: Checker = async (m, c) => (await (http ??= import('./http-check.js').then((x) => new x.HttpChecker(dnsServers)))).check(m, c);
  const ping = new PingBatcher(dnsServers);
  const byType: Partial<Record<MonitorType, Checker>> = {
    http: viaHttp, keyword: viaHttp, 'json-query': viaHttp,
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
      await Promise.all([http?.then((h) => h.close()), ping.close()]);
    },
  };
}
