import { FieldErrorCollector } from '../../errors.js';
import type { ToolDefinition } from './types.js';
import { readString, shownText } from './validation.js';

const ALLOWED = 'alnptu';
const MAX_LENGTH = 20;

export const netstatTool: ToolDefinition = {
  name: 'netstat',
  timeoutMs: 10_000,
  async plan(body) {
    const errors = new FieldErrorCollector();
    const options = readString(body, 'options', errors) ?? '';
    let letters = '';
    if (!errors.has('options')) {
      const unsupported = [...options.replace(/[- ]/g, '')].find((c) => !ALLOWED.includes(c));
      if (unsupported !== undefined) {
        errors.add('options', `Unsupported netstat option '${shownText(unsupported)}'. Allowed: a, l, n, p, t, u.`);
      } else if (options.length > MAX_LENGTH) {
        errors.add('options', `Ensure this field has no more than ${MAX_LENGTH} characters.`);
      } else {
        letters = [...new Set(options.replace(/[- ]/g, ''))].join('');
      }
    }
    errors.throwIfAny();

    const args = letters ? [`-${letters}`] : [];
    return { kind: 'process', command: 'netstat', args, fallback: { command: 'ss', args } };
  },
};
