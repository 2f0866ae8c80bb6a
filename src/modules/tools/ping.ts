import { FieldErrorCollector } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { INVALID_TARGET, readTarget } from './validation.js';

export const pingTool: ToolDefinition = {
  name: 'ping',
  timeoutMs: 20_000,
  async plan(body) {
    const errors = new FieldErrorCollector();
    const input = readTarget(body, errors, 'Target host is required');
    if (input && !input.target) errors.add('target', INVALID_TARGET);
    errors.throwIfAny();

    const target = input!.target!;
    const family = target.kind === 'ipv4' ? ['-4'] : target.kind === 'ipv6' ? ['-6'] : [];
    return { kind: 'process', command: 'ping', args: [...family, '-c', '4', '-W', '2', '--', target.value] };
  },
};
