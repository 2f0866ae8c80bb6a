import { familyFlag, hostAddress, unresolvedPlan } from './host-names.js';
import type { ToolDefinition } from './types.js';
import { hostTarget } from './validation.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** ping of a resolved name shows the name in its header and statistics, as `ping <name>` does. */
function showName(name: string, address: string) {
  return async (output: string) =>
    output
      .replace(new RegExp(`^PING ${escape(address)} \\(`, 'm'), `PING ${name} (`)
      .replace(new RegExp(`^--- ${escape(address)} ping statistics ---$`, 'm'), `--- ${name} ping statistics ---`);
}

export const pingTool: ToolDefinition = {
  name: 'ping',
  timeoutMs: 20_000,
  async plan(body, ctx) {
    const target = hostTarget(body);
    const address = await hostAddress(target, ctx);
    if (!address) return unresolvedPlan('ping', target.value);
    // ping resolves no names for a numeric host, so it asks no resolver at all.
    return {
      kind: 'process',
      command: 'ping',
      args: [...familyFlag(address), '-c', '4', '-W', '2', '--', address],
      rewriteOutput: target.kind === 'hostname' ? showName(target.value, address) : undefined,
    };
  },
};
