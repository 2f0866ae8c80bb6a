import type { ToolDefinition } from './types.js';
import { hostTarget } from './validation.js';

export const pingTool: ToolDefinition = {
  name: 'ping',
  timeoutMs: 20_000,
  async plan(body) {
    const target = hostTarget(body);
    return { kind: 'process', command: 'ping', args: [...target.family, '-c', '4', '-W', '2', '--', target.value] };
  },
};
