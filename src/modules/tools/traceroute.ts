import type { ToolDefinition } from './types.js';
import { hostTarget } from './validation.js';

export const tracerouteTool: ToolDefinition = {
  name: 'traceroute',
  timeoutMs: 60_000,
  async plan(body) {
    const target = hostTarget(body);
    // The target was checked not to start with '-', so it cannot be read as an option.
    return { kind: 'process', command: 'traceroute', args: [...target.family, '-m', '15', '-w', '2', target.value] };
  },
};
