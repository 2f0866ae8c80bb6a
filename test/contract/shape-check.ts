import { expect } from 'vitest';

/**
 * A tiny type language for the wire representations of the spec. A spec is a type name ('string', 'integer',
 * 'timestamp', … — a trailing `?` allows null), an object literal (a representation: exact keys, in order), or a
 * checker made by `oneOf`, `arrayOf`, `nullable`, `openObject`.
 */
export type Checker = (value: unknown, path: string, errors: string[]) => void;
export type TypeSpec = string | Checker | { [key: string]: TypeSpec };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const B64URL = /^[A-Za-z0-9_-]+$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isJwt(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const parts = v.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Record<string, unknown>;
    return header.alg === 'HS256' && header.typ === 'JWT';
  } catch {
    return false;
  }
}

const NAMED: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  object: isObject,
  array: Array.isArray,
  null: (v) => v === null,
  timestamp: (v) => typeof v === 'string' && TIMESTAMP.test(v),
  uuid: (v) => typeof v === 'string' && UUID_V4.test(v),
  /** Epoch milliseconds: an integer after 2001-09-09 (13 digits), never seconds. */
  epochMs: (v) => Number.isInteger(v) && (v as number) >= 1e12 && (v as number) < 1e13,
  jwt: isJwt,
  /** An absolute http(s) URL (pagination links). */
  url: (v) => typeof v === 'string' && /^https?:\/\/[^/]+\//.test(v),
  'string[]': (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
  'number[]': (v) => Array.isArray(v) && v.every((x) => typeof x === 'number'),
};

const show = (v: unknown) => JSON.stringify(v)?.slice(0, 80);

export function check(value: unknown, spec: TypeSpec, path: string, errors: string[]): void {
  if (typeof spec === 'function') return spec(value, path, errors);
  if (typeof spec === 'string') {
    const nullable = spec.endsWith('?');
    const name = nullable ? spec.slice(0, -1) : spec;
    const test = NAMED[name];
    if (!test) throw new Error(`unknown type name ${name}`);
    if (nullable && value === null) return;
    if (!test(value)) errors.push(`${path || '(root)'}: expected ${spec}, got ${show(value)}`);
    return;
  }
  if (!isObject(value)) {
    errors.push(`${path || '(root)'}: expected an object, got ${show(value)}`);
    return;
  }
  const want = Object.keys(spec);
  const got = Object.keys(value);
  if (want.join(',') !== got.join(',')) {
    const missing = want.filter((k) => !got.includes(k));
    const extra = got.filter((k) => !want.includes(k));
    errors.push(`${path || '(root)'}: keys ${missing.length || extra.length ? `missing [${missing}] extra [${extra}]` : 'out of order'}: got [${got}], want [${want}]`);
  }
  for (const key of want) if (key in value) check(value[key], spec[key], path ? `${path}.${key}` : key, errors);
}

export const oneOf = (...values: Array<string | number | boolean | null>): Checker => (v, path, errors) => {
  if (!values.includes(v as string)) errors.push(`${path}: expected one of ${values.map(show).join('|')}, got ${show(v)}`);
};

export const nullable = (spec: TypeSpec): Checker => (v, path, errors) => {
  if (v !== null) check(v, spec, path, errors);
};

export const arrayOf = (spec: TypeSpec, opts: { min?: number } = {}): Checker => (v, path, errors) => {
  if (!Array.isArray(v)) return void errors.push(`${path}: expected an array, got ${show(v)}`);
  if (opts.min !== undefined && v.length < opts.min) errors.push(`${path}: expected at least ${opts.min} items, got ${v.length}`);
  v.forEach((item, i) => check(item, spec, `${path}[${i}]`, errors));
};

/** An object whose keys are checked where named (exact order not required; other keys allowed). */
export const openObject = (spec: Record<string, TypeSpec>): Checker => (v, path, errors) => {
  if (!isObject(v)) return void errors.push(`${path}: expected an object, got ${show(v)}`);
  for (const [key, s] of Object.entries(spec)) {
    if (!(key in v)) errors.push(`${path}.${key}: missing`);
    else check(v[key], s, `${path}.${key}`, errors);
  }
};

/** An object whose values (any keys) all have one type. */
export const recordOf = (spec: TypeSpec): Checker => (v, path, errors) => {
  if (!isObject(v)) return void errors.push(`${path}: expected an object, got ${show(v)}`);
  for (const [key, item] of Object.entries(v)) check(item, spec, `${path}.${key}`, errors);
};

/** Asserts `value` has exactly the representation `spec` (keys, order, types), listing every mismatch. */
export function expectShape(value: unknown, spec: TypeSpec, what = 'body'): void {
  const errors: string[] = [];
  check(value, spec, '', errors);
  expect(errors, `${what} does not match its representation`).toEqual([]);
}
