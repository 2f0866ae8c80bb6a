import { readdir } from 'node:fs/promises';
import { FieldErrorCollector } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { isPrintableAscii, readInteger, readString, shownText } from './validation.js';

const FILTER_CHARS = /^[A-Za-z0-9 .:/_\-!()<>=&|[\]*+]*$/;
const MAX_FILTER = 256;

/** Interfaces present on this host (network namespace), as tcpdump `-i` accepts them. */
export async function listSysInterfaces(): Promise<string[]> {
  return readdir('/sys/class/net');
}

export const tcpdumpTool: ToolDefinition = {
  name: 'tcpdump',
  timeoutMs: 30_000,
  exclusive: true,
  async plan(body, ctx) {
    const errors = new FieldErrorCollector();
    const iface = readString(body, 'interface', errors) || 'any';
    const count = readInteger(body, 'count', errors) ?? 25;
    const filter = readString(body, 'filter', errors) ?? '';

    if (count !== null && (count < 1 || count > 100)) errors.add('count', 'Ensure this value is between 1 and 100.');
    if (
      !errors.has('filter') &&
      (filter.length > MAX_FILTER || !FILTER_CHARS.test(filter) || filter.split(' ').some((token) => token.startsWith('-')))
    ) {
      errors.add('filter', 'Invalid capture filter.');
    }
    if (!errors.has('interface') && iface !== 'any') {
      const plausible = isPrintableAscii(iface) && !iface.startsWith('-') && iface.length <= 64;
      if (!plausible || !(await ctx.listInterfaces()).includes(iface)) {
        errors.add('interface', `Unknown interface '${shownText(iface)}'.`);
      }
    }
    errors.throwIfAny();

    const args = ['-i', iface, '-c', String(count), '-n', '-l', ...(filter ? ['--', filter] : [])];
    return {
      kind: 'process',
      command: 'tcpdump',
      args,
      // Dropped so that the first line is tcpdump's "listening on …" (tools.md §5).
      dropLine: (line) => line.startsWith('tcpdump: verbose output suppressed'),
    };
  },
};
