import { FieldErrorCollector } from '../../errors.js';
import { DnsTimeoutError } from '../../system/network/dns/dns-client.js';
import { digBanner, formatDig } from './dig-format.js';
import { pickDnsServer } from '../../system/network/dns/dns-server.js';
import { DIG_RECORD_TYPES, RR_TYPES, type DigRecordType } from '../../system/network/dns/dns-types.js';
import { reverseName } from '../../system/network/dns/reverse-name.js';
import type { BuiltinResult, ToolContext, ToolDefinition } from './types.js';
import { INVALID_TARGET, readString, readTarget } from './validation.js';

const UNSUPPORTED_TYPE = `Unsupported record type. Use one of: ${DIG_RECORD_TYPES.join(', ')}.`;

/** Text of a failed exchange, worded as dig words it. */
export function dnsFailure(error: unknown, server: string, port: number): string {
  if (error instanceof DnsTimeoutError) return ';; connection timed out; no servers could be reached';
  const reason = error instanceof Error ? error.message : String(error);
  return `;; communications error to ${server}#${port}: ${reason}`;
}

async function lookup(ctx: ToolContext, args: string, name: string, type: number, signal: AbortSignal): Promise<BuiltinResult> {
  const server = await pickDnsServer(ctx.dnsServers);
  try {
    const result = await ctx.dnsQuery({ server, port: ctx.dnsPort, name, type, signal });
    return { output: formatDig(args, server, ctx.dnsPort, result, new Date()), status: 'success' };
  } catch (error) {
    return { output: [...digBanner(args), dnsFailure(error, server, ctx.dnsPort)].join('\n'), status: 'error' };
  }
}

export const digTool: ToolDefinition = {
  name: 'dig',
  timeoutMs: 20_000,
  async plan(body, ctx) {
    const errors = new FieldErrorCollector();
    const input = readTarget(body, errors, 'Target domain is required', { underscore: true });
    if (input && !input.target) errors.add('target', INVALID_TARGET);
    const typeText = readString(body, 'record_type', errors);
    const recordType = (typeText === undefined || typeText === '' ? 'A' : typeText.toUpperCase()) as DigRecordType;
    if (!errors.has('record_type') && !DIG_RECORD_TYPES.includes(recordType)) errors.add('record_type', UNSUPPORTED_TYPE);
    errors.throwIfAny();

    const target = input!.target!;
    // An address is always a reverse lookup, whatever record type was asked for (tools.md §3.3).
    const reverse = target.kind !== 'hostname';
    const args = reverse ? `-x ${target.value}` : `${target.value} ${recordType}`;
    const name = reverse ? reverseName(target.value) : target.value;
    const type = reverse ? RR_TYPES.PTR : RR_TYPES[recordType];
    return { kind: 'builtin', description: `dig ${args} (built-in)`, run: (signal) => lookup(ctx, args, name, type, signal) };
  },
};
