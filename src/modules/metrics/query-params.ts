import type { FieldErrorCollector } from '../../errors.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** A single query parameter's text, or undefined when absent or empty. */
export function queryText(query: Record<string, unknown>, name: string): string | undefined {
  const v = query[name];
  const text = Array.isArray(v) ? v[v.length - 1] : v;
  return typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
}

/**
 * A timestamp parameter (spec README §Timestamps: an offset is required) → epoch ms. An unencoded `+` in a
 * query string arrives as a space; it is read back as the offset sign.
 */
export function timestampParam(query: Record<string, unknown>, name: string, errors: FieldErrorCollector): number | undefined {
  const raw = queryText(query, name)?.replace(/ (\d{2}:?\d{2})$/, '+$1');
  if (raw === undefined) return undefined;
  const ms = ISO_WITH_OFFSET.test(raw) ? Date.parse(raw.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
  if (Number.isNaN(ms)) {
    errors.add(name, 'Enter a valid date/time with a time zone offset.');
    return undefined;
  }
  return ms;
}
