import { addressToken, familyFlag, hostAddress, unresolvedPlan } from './host-names.js';
import type { ToolContext, ToolDefinition } from './types.js';
import { hostTarget } from './validation.js';

const HOP_LINE = /^\s*\d+\s/;

/**
 * `traceroute -n` output in the layout of plain `traceroute`: the header names the target as given and each
 * hop address becomes `<name> (<address>)`, its name from the server's own DNS client (the address itself
 * when it has none), so traceroute never asks a resolver.
 */
function withNames(ctx: ToolContext, shownTarget: string) {
  return async (output: string, signal?: AbortSignal) => {
    const lines = output.split('\n');
    const hops = lines.filter((line) => HOP_LINE.test(line)).flatMap((line) => line.split(/\s+/).flatMap((t) => addressToken(t) ?? []));
    const names = await ctx.reverseNames([...new Set(hops)], signal).catch(() => new Map<string, string>());
    return lines
      .map((line) => {
        if (line.startsWith('traceroute to ')) return line.replace(/^traceroute to \S+ \(/, `traceroute to ${shownTarget} (`);
        const hop = /^(\s*\d+)(\s.*)$/.exec(line);
        if (!hop) return line;
        const named = hop[2].replace(/(?<=\s)\S+(?=\s|$)/g, (token) => {
          const address = addressToken(token);
          return address ? `${names.get(address) ?? address} (${address})` : token;
        });
        return hop[1] + named;
      })
      .join('\n');
  };
}

export const tracerouteTool: ToolDefinition = {
  name: 'traceroute',
  timeoutMs: 60_000,
  async plan(body, ctx) {
    const target = hostTarget(body);
    const address = await hostAddress(target, ctx);
    if (!address) return unresolvedPlan('traceroute', target.value);
    return {
      kind: 'process',
      command: 'traceroute',
      args: [...familyFlag(address), '-n', '-m', '15', '-w', '2', address],
      rewriteOutput: withNames(ctx, target.value),
    };
  },
};
