import { FieldErrorCollector } from '../../errors.js';
import { dnsFailure } from './dig.js';
import type { DnsQueryResult } from '../../system/network/dns/dns-client.js';
import { pickDnsServer } from '../../system/network/dns/dns-server.js';
import { RR_TYPES, rcodeName } from '../../system/network/dns/dns-types.js';
import { reverseName } from '../../system/network/dns/reverse-name.js';
import type { BuiltinResult, ToolContext, ToolDefinition } from './types.js';
import { INVALID_TARGET, readTarget } from './validation.js';

const noDot = (name: string) => name.replace(/\.$/, '');

/** Answer lines for one query, in nslookup's wording (tools.md §6.2). */
function answerLines(result: DnsQueryResult): string[] {
  return result.message.answers.flatMap((record) => {
    if (record.type === RR_TYPES.CNAME) return [`${noDot(record.name)}\tcanonical name = ${record.value}`];
    if (record.type === RR_TYPES.PTR) return [`${noDot(record.name)}\tname = ${record.value}`];
    if (record.type === RR_TYPES.A || record.type === RR_TYPES.AAAA) return [`Name:\t${noDot(record.name)}`, `Address: ${record.value}`];
    return [];
  });
}

async function lookup(ctx: ToolContext, name: string, types: number[], signal: AbortSignal): Promise<BuiltinResult> {
  const server = await pickDnsServer(ctx.dnsServers);
  const head = [`Server:\t\t${server}`, `Address:\t${server}#${ctx.dnsPort}`, ''];
  const answers: string[] = [];
  for (const type of types) {
    let result: DnsQueryResult;
    try {
      result = await ctx.dnsQuery({ server, port: ctx.dnsPort, name, type, signal });
    } catch (error) {
      if (answers.length > 0) continue; // AAAA failing after A answered: keep what A gave
      return { output: [...head, dnsFailure(error, server, ctx.dnsPort)].join('\n'), status: 'error' };
    }
    if (result.message.rcode !== 0) {
      if (answers.length > 0) continue;
      return { output: [...head, `** server can't find ${name}: ${rcodeName(result.message.rcode)}`].join('\n'), status: 'error' };
    }
    // The same CNAME chain comes back for A and AAAA; show it once.
    for (const line of answerLines(result)) if (!line.includes('canonical name') || !answers.includes(line)) answers.push(line);
  }
  if (!answers.some((line) => line.startsWith('Address: ') || line.includes('\tname = '))) {
    const output = [...head, 'Non-authoritative answer:', ...answers, `*** Can't find ${name}: No answer`];
    return { output: output.join('\n'), status: 'error' };
  }
  return { output: [...head, 'Non-authoritative answer:', ...answers].join('\n'), status: 'success' };
}

export const nslookupTool: ToolDefinition = {
  name: 'nslookup',
  timeoutMs: 20_000,
  async plan(body, ctx) {
    const errors = new FieldErrorCollector();
    const input = readTarget(body, errors, 'Target host is required', { underscore: true });
    if (input && !input.target) errors.add('target', INVALID_TARGET);
    errors.throwIfAny();

    const target = input!.target!;
    if (target.kind !== 'hostname') {
      const name = reverseName(target.value);
      return { kind: 'builtin', description: `nslookup ${target.value} (built-in)`, run: (signal) => lookup(ctx, name, [RR_TYPES.PTR], signal) };
    }
    const name = noDot(target.value);
    return {
      kind: 'builtin',
      description: `nslookup ${name} (built-in)`,
      run: (signal) => lookup(ctx, name, [RR_TYPES.A, RR_TYPES.AAAA], signal),
    };
  },
};
