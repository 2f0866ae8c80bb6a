import { FieldErrorCollector } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { readInteger } from './validation.js';

export const ipRouteTool: ToolDefinition = {
  name: 'ip-route',
  timeoutMs: 5_000,
  async plan(body) {
    const errors = new FieldErrorCollector();
    const family = readInteger(body, 'family', errors) ?? 4;
    if (family !== null && family !== 4 && family !== 6) errors.add('family', 'Must be 4 or 6.');
    errors.throwIfAny();

    return { kind: 'process', command: 'ip', args: family === 6 ? ['-6', 'route', 'show'] : ['route', 'show'] };
  },
};
