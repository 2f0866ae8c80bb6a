import { familyFlag, hostAddress, unresolvedPlan } from './host-names.js';
import { FieldErrorCollector } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { hostTarget, readInteger } from './validation.js';

export const DEFAULT_PING_COUNT = 4;
/** At one echo a second the longest live run still ends well inside the tool's timeout. */
export const MAX_LIVE_PING_COUNT = 15;

/** `count` of a live run: an integer 1–15, default 4 (REST runs always send 4). */
function liveCount(body: Record<string, unknown>): number {
  const errors = new FieldErrorCollector();
  const count = readInteger(body, 'count', errors);
  if (count !== undefined && count !== null && (count < 1 || count > MAX_LIVE_PING_COUNT)) {
    errors.add('count', `Ensure this value is between 1 and ${MAX_LIVE_PING_COUNT}.`);
  }
  errors.throwIfAny();
  return count ?? DEFAULT_PING_COUNT;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** ping of a resolved name shows the name in its header and statistics, as `ping <name>` does. */
function nameIn(name: string, address: string) {
  return (text: string) =>
    text
      .replace(new RegExp(`^PING ${escape(address)} \\(`, 'm'), `PING ${name} (`)
      .replace(new RegExp(`^--- ${escape(address)} ping statistics ---$`, 'm'), `--- ${name} ping statistics ---`);
}

export const pingTool: ToolDefinition = {
  name: 'ping',
  timeoutMs: 20_000,
  async plan(body, ctx, mode) {
    const target = hostTarget(body);
    const count = mode?.live ? liveCount(body) : DEFAULT_PING_COUNT;
    const address = await hostAddress(target, ctx);
    if (!address) return unresolvedPlan('ping', target.value);
    // ping resolves no names for a numeric host, so it asks no resolver at all.
    return {
      kind: 'process',
      command: 'ping',
      args: [...familyFlag(address), '-c', String(count), '-W', '2', '--', address],
      ...(target.kind === 'hostname'
        ? { rewriteOutput: async (output: string) => nameIn(target.value, address)(output), rewriteLine: nameIn(target.value, address) }
        : {}),
    };
  },
};
