import { FieldErrorCollector } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { INVALID_TARGET, readTarget } from './validation.js';

export const tracerouteTool: ToolDefinition = {
  name: 'traceroute',
  timeoutMs: 60_000,
  async plan(body) {
    const errors = new FieldErrorCollector();
    const input = readTarget(body, errors, 'Target host is required');
    if (input && !input.target) errors.add('target', INVALID_TARGET);
    errors.throwIfAny();

    const target = input!.target!;
    const family = target.kind === 'ipv4' ? ['-4'] : target.kind === 'ipv6' ? ['-6'] : [];
    // The target was checked not to start with '-', so it cannot be read as an option.
    return { kind: 'process', command: 'traceroute', args: [...family, '-m', '15', '-w', '2', target.value] };
  },
};
