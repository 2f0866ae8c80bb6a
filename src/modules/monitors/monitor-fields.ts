import type { FieldErrorCollector } from '../../errors.js';

/** Field readers in the contract's texts (rest.md validation): each adds its message and answers undefined. */
export type Body = Record<string, unknown>;

export const REQUIRED = 'This field is required.';
export const NOT_NULL = 'This field may not be null.';

export function readInt(body: Body, field: string, errors: FieldErrorCollector, min: number, max: number, nullable = false): number | null | undefined {
  return readNumber(body, field, errors, { min, max, integer: true, nullable });
}

export function readNumber(
  body: Body, field: string, errors: FieldErrorCollector,
  opts: { min: number; max: number; integer?: boolean; nullable?: boolean },
): number | null | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (v === null) {
    if (!opts.nullable) errors.add(field, NOT_NULL);
    return opts.nullable ? null : undefined;
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || (opts.integer && !Number.isInteger(v))) {
    errors.add(field, opts.integer ? 'A valid integer is required.' : 'A valid number is required.');
    return undefined;
  }
  if (v < opts.min) errors.add(field, `Ensure this value is greater than or equal to ${opts.min}.`);
  else if (v > opts.max) errors.add(field, `Ensure this value is less than or equal to ${opts.max}.`);
  else return v;
  return undefined;
}

export function readBool(body: Body, field: string, errors: FieldErrorCollector): boolean | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (typeof v === 'boolean') return v;
  errors.add(field, v === null ? NOT_NULL : 'Must be a valid boolean.');
  return undefined;
}

/** A string field; `nullable` fields take null (and '' when `blankIsNull`). */
export function readText(
  body: Body, field: string, errors: FieldErrorCollector,
  opts: { max: number; nullable?: boolean; blank?: boolean },
): string | null | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (v === null) {
    if (opts.nullable) return null;
    errors.add(field, NOT_NULL);
    return undefined;
  }
  if (typeof v !== 'string') errors.add(field, 'Not a valid string.');
  else if (v === '' && !opts.blank) {
    if (opts.nullable) return null;
    errors.add(field, 'This field may not be blank.');
  } else if (v.length > opts.max) errors.add(field, `Ensure this field has no more than ${opts.max} characters.`);
  else return v;
  return undefined;
}

export function readChoice<T extends string>(body: Body, field: string, errors: FieldErrorCollector, choices: readonly T[]): T | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  errors.add(field, v === null ? NOT_NULL : `"${String(v)}" is not a valid choice.`);
  return undefined;
}

/** A list of strings, each checked by `item` (a message when bad), without duplicates. */
export function readStringList(
  body: Body, field: string, errors: FieldErrorCollector,
  opts: { maxItems: number; item: (value: string) => string | null },
): string[] | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (!Array.isArray(v)) {
    errors.add(field, v === null ? NOT_NULL : `Expected a list of items but got type "${typeof v}".`);
    return undefined;
  }
  if (v.length > opts.maxItems) {
    errors.add(field, `Ensure this field has no more than ${opts.maxItems} elements.`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of v) {
    const problem = typeof item === 'string' ? opts.item(item) : 'Not a valid string.';
    if (problem) {
      errors.add(field, problem);
      return undefined;
    }
    if (!out.includes(item as string)) out.push(item as string);
  }
  return out;
}
