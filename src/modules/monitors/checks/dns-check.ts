import { isIPv6 } from 'node:net';
import { dnsQuery, DnsTimeoutError } from '../../../system/network/dns/dns-client.js';
import { RR_TYPES, rcodeName } from '../../../system/network/dns/dns-types.js';
import { pickDnsServer } from '../../../system/network/dns/dns-server.js';
import type { CheckContext, CheckResult, MonitorSpec } from '../monitor-types.js';
import { timeoutResult } from './check-errors.js';

/** An answer as people write it: names without the final dot, TXT without quotes. */
function answerText(type: string, value: string): string {
  if (type === 'TXT') return value.replace(/^"|"$/g, '').replace(/" "/g, '');
  return value.replace(/\.$/, '').replace(/ ([^ ]+)\.$/, ' $1');
}

/** `dns`: the record type answers through the monitor's resolver (or DNS_SERVERS); with `expected_value`, one answer equals it. */
export function dnsChecker(dnsServers: readonly string[]) {
  return async (m: MonitorSpec, ctx: CheckContext): Promise<CheckResult> => {
    const options = m.dns!;
    const server = options.resolver ?? (await pickDnsServer(dnsServers));
    const started = performance.now();
    try {
      const result = await dnsQuery({
        server, port: options.port ?? 53, name: m.target!, type: RR_TYPES[options.record_type], signal: ctx.signal, timeoutMs: Math.min(ctx.timeoutMs, 5000),
      });
      const responseMs = Math.round((performance.now() - started) * 10) / 10;
      const { message } = result;
      if (message.rcode !== 0) return { status: 'down', responseMs, message: `${rcodeName(message.rcode)} from ${isIPv6(server) ? `[${server}]` : server}` };
      const answers = message.answers.filter((a) => a.type === RR_TYPES[options.record_type]).map((a) => answerText(options.record_type, a.value));
      if (!answers.length) return { status: 'down', responseMs, message: `No ${options.record_type} record` };
      const shown = answers.slice(0, 5).join(', ');
      if (m.expected_value !== null && !answers.includes(m.expected_value)) {
        return { status: 'down', responseMs, message: `Expected "${m.expected_value}", got ${shown}` };
      }
      return { status: 'up', responseMs, message: shown };
    } catch (error) {
      if (ctx.signal.aborted || error instanceof DnsTimeoutError) return timeoutResult(ctx.timeoutMs);
      return { status: 'down', responseMs: null, message: (error as Error).message.slice(0, 200) };
    }
  };
}
