import type { FieldErrorCollector } from '../../errors.js';

/** Field checks shared by the device, connection and scan inputs, with the validation texts of rest.md. */
export type Body = Record<string, unknown>;

export const REQUIRED = 'This field is required.';
export const NOT_NULL = 'This field may not be null.';
export const BLANK = 'This field may not be blank.';
export const NOT_STRING = 'Not a valid string.';
export const NOT_BOOLEAN = 'Must be a valid boolean.';

export const tooLong = (max: number) => `Ensure this field has no more than ${max} characters.`;
export const invalidChoice = (value: unknown) => `"${typeof value === 'string' ? value : JSON.stringify(value)}" is not a valid choice.`;

export function pythonType(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  return 'dict';
}

/** The first of several spellings present in the body (`is_ignored` / `isIgnored`). */
export function pick(body: Body, ...names: string[]): { name: string; value: unknown } | undefined {
  for (const name of names) if (body[name] !== undefined) return { name, value: body[name] };
  return undefined;
}

export function text(body: Body, field: string, max: number, required: boolean, errors: FieldErrorCollector): string | undefined {
  const v = body[field];
  if (v === undefined) {
    if (required) errors.add(field, REQUIRED);
    return undefined;
  }
  if (v === null) errors.add(field, NOT_NULL);
  else if (typeof v !== 'string') errors.add(field, NOT_STRING);
  else if (v === '') errors.add(field, BLANK);
  else if (v.length > max) errors.add(field, tooLong(max));
  else return v;
  return undefined;
}

/** Optional text where null and "" mean "none". */
export function nullableText(body: Body, field: string, max: number, errors: FieldErrorCollector): string | null | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null || v === '') return null;
  if (typeof v !== 'string') errors.add(field, NOT_STRING);
  else if (v.length > max) errors.add(field, tooLong(max));
  else return v;
  return undefined;
}

export function choice<T extends string>(body: Body, field: string, choices: readonly T[], errors: FieldErrorCollector): T | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  errors.add(field, v === null ? NOT_NULL : invalidChoice(v));
  return undefined;
}

export function boolean(value: unknown, field: string, errors: FieldErrorCollector): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  errors.add(field, NOT_BOOLEAN);
  return undefined;
}

export const METADATA_MAX_BYTES = 16 * 1024;

export function metadataObject(body: Body, field: string, errors: FieldErrorCollector): Record<string, unknown> | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    errors.add(field, `Expected a dictionary of items but got type "${pythonType(v)}".`);
    return undefined;
  }
  if (Buffer.byteLength(JSON.stringify(v)) > METADATA_MAX_BYTES) {
    errors.add(field, `Ensure this field has no more than ${METADATA_MAX_BYTES} bytes.`);
    return undefined;
  }
  return v as Record<string, unknown>;
}

/** A number ≥ 0 or null. */
export function measure(body: Body, field: string, errors: FieldErrorCollector, alias?: string): number | null | undefined {
  const found = pick(body, field, ...(alias ? [alias] : []));
  if (!found) return undefined;
  const v = found.value;
  if (v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v)) errors.add(field, 'A valid number is required.');
  else if (v < 0) errors.add(field, 'Ensure this value is greater than or equal to 0.');
  else return v;
  return undefined;
}
