/**
 * Request parts for the fuzz: values generated from an operation's JSON Schema where it has one, and a corpus
 * of hostile values otherwise. Deterministic for a seed, so a failure can be replayed.
 */

type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- arbitrary JSON sent to the server
export type Value = any;

/** A small seeded generator (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

let deep: Value = 'leaf';
for (let i = 0; i < 60; i++) deep = { a: deep };

/** Wrong types, huge numbers, unicode, nesting, empty, null, very long strings. */
export const HOSTILE: readonly Value[] = [
  null, true, false, 0, -1, 1.5, -0.0000001, 1e308, -1e308, 2 ** 53 + 1, 2 ** 63, 2 ** 64, 18446744073709551616n.toString(),
  '', ' ', '\t\n', 'abc', '-1', '0', '2147483648', '9223372036854775808', '18446744073709551617', '1e400', 'NaN', 'true', 'null',
  'x'.repeat(70_000), 'é'.repeat(300), '☃💩𝕏', '\u0000', '\u202e\u200b', '\ud800', '<script>alert(1)</script>', "' OR 1=1 --",
  '../../etc/passwd', '%00%2e%2e', '{"a":1}', '[]', '-oX /tmp/x', '--help', '$(id)', '`id`', 'a;b|c&d',
  [], [null], [1, 'a', {}], Array.from({ length: 2000 }, (_, i) => i), {}, { a: 1 }, JSON.parse('{"__proto__":{"polluted":1}}'), { constructor: { prototype: { x: 1 } } }, deep,
];

/** Path ids: negative, zero, beyond 2^63 and 2^64, not numbers, not UUIDs, percent-encoded oddities. */
export const HOSTILE_IDS: readonly string[] = [
  '-1', '0', '1', '2', '9007199254740993', '9223372036854775808', '18446744073709551616', '1e3', '0x10', 'abc', 'null', 'undefined',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a1', '%E2%98%83', '%00',
  '%2e%2e', 'a'.repeat(190), 'owner', 'admin', 'viewer', 'OWNER', '%20admin',
];

/** Query parameters the lists and histories read, plus pagination. */
export const QUERY_NAMES: readonly string[] = [
  'page', 'page_size', 'since', 'until', 'host', 'hours', 'limit', 'status', 'severity', 'source', 'rule', 'active', 'search',
  'ordering', 'type', 'is_read', 'device', 'scan', 'resolution', 'start', 'end', 'format', 'token', 'offset',
];

/** Body keys seen across the API, for operations without a body schema. */
export const BODY_KEYS: readonly string[] = [
  'username', 'email', 'password', 'current_password', 'new_password', 'first_name', 'last_name', 'is_active', 'role', 'refresh',
  'name', 'display_name', 'description', 'priority', 'can_manage_users', 'can_manage_system', 'can_manage_network', 'can_view_all_data',
  'can_run_tools', 'title', 'message', 'severity', 'status', 'source', 'metric', 'operator', 'threshold', 'duration', 'enabled',
  'ip_address', 'mac_address', 'hostname', 'vendor', 'device_type', 'notes', 'source_device', 'target_device', 'connection_type',
  'scan_type', 'ip_range', 'ports', 'ids', 'notification_ids', 'type', 'url', 'events', 'secret', 'host', 'port', 'use_tls',
  'from_email', 'to', 'target', 'count', 'record_type', 'options', 'family', 'interface', 'filter', 'preferences',
];

/** A plausible value for a schema (so the hostile value in one field is the only thing wrong). */
export function fromSchema(schema: Schema | undefined, rnd: () => number, depth = 0): Value {
  if (!schema || depth > 4) return 'value';
  if (Array.isArray(schema.enum)) return pick(rnd, schema.enum);
  if ('const' in schema) return schema.const;
  const variants = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (variants?.length) return fromSchema(pick(rnd, variants), rnd, depth + 1);
  const type = Array.isArray(schema.type) ? pick(rnd, schema.type as string[]) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, Value> = {};
      const props = (schema.properties ?? {}) as Record<string, Schema>;
      for (const [key, sub] of Object.entries(props)) out[key] = fromSchema(sub, rnd, depth + 1);
      return out;
    }
    case 'array': return [fromSchema(schema.items as Schema, rnd, depth + 1)];
    case 'integer': return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'number': return typeof schema.minimum === 'number' ? schema.minimum : 1.5;
    case 'boolean': return rnd() < 0.5;
    case 'null': return null;
    case 'string': {
      if (schema.format === 'email') return 'fuzz@example.com';
      if (schema.format === 'date-time') return '2025-07-27T10:15:30.123+00:00';
      const min = typeof schema.minLength === 'number' ? schema.minLength : 1;
      return 'fuzz'.padEnd(min, 'z');
    }
    default: return 'value';
  }
}

/** Bodies for one operation: its schema's plausible body with one hostile field, and whole-body oddities. */
export function bodies(schema: Schema | undefined, count: number, rnd: () => number): Value[] {
  const base = schema ? fromSchema(schema, rnd) : {};
  const keys = schema?.properties ? Object.keys(schema.properties as object) : [];
  const out: Value[] = [{}, pick(rnd, HOSTILE)];
  while (out.length < count) {
    const body: Record<string, Value> = typeof base === 'object' && base && !Array.isArray(base) ? { ...base } : {};
    const fields = 1 + Math.floor(rnd() * 3);
    for (let i = 0; i < fields; i++) body[keys.length && rnd() < 0.7 ? pick(rnd, keys) : pick(rnd, BODY_KEYS)] = pick(rnd, HOSTILE);
    out.push(body);
  }
  return out;
}

/** A query string of one to three hostile parameters, one of them the pagination more often than not. */
export function query(rnd: () => number, declared: readonly string[]): string {
  const names = declared.length ? [...declared, 'page', 'page_size'] : QUERY_NAMES;
  const parts: string[] = [];
  const n = 1 + Math.floor(rnd() * 3);
  for (let i = 0; i < n; i++) {
    const value = pick(rnd, HOSTILE);
    const text = typeof value === 'string' ? value.slice(0, 2000) : JSON.stringify(value)?.slice(0, 2000) ?? '';
    parts.push(`${encodeURIComponent(pick(rnd, names))}=${encodeURIComponent(text.replace(/[\ud800-\udfff]/g, ''))}`);
  }
  return parts.join('&');
}
