import { FieldErrorCollector, Forbidden } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { INVALID_TARGET, readTarget } from './validation.js';

export const WHOIS_DISABLED = 'The whois tool is disabled on this server.';

/** whois asks the registries' servers on the internet, by design: the one tool that leaves the local networks. */
export const whoisTool: ToolDefinition = {
  name: 'whois',
  timeoutMs: 20_000,
  async plan(body, ctx) {
    if (!ctx.whoisEnabled) throw new Forbidden(WHOIS_DISABLED);
    const errors = new FieldErrorCollector();
    const input = readTarget(body, errors, 'Target domain or IP is required');
    const asNumber = input && /^AS[0-9]{1,10}$/i.test(input.raw) ? input.raw.toUpperCase() : undefined;
    if (input && !input.target && !asNumber) errors.add('target', INVALID_TARGET);
    errors.throwIfAny();

    return { kind: 'process', command: 'whois', args: ['--', asNumber ?? input!.target!.value] };
  },
};
