import { isIP } from 'node:net';
import { FieldErrorCollector } from '../../errors.js';
import { isUuid } from '../../db/values.js';
import { parseTarget } from '../tools/validation.js';
import {
  DNS_RECORD_TYPES, HTTP_METHODS, MONITOR_TYPES,
  type DnsOptions, type HttpOptions, type MonitorSpec, type MonitorType,
} from './monitor-types.js';
import { NOT_NULL, REQUIRED, readBool, readChoice, readInt, readNumber, readStringList, readText, type Body } from './monitor-fields.js';

/** A monitor's writable definition (monitoring.md §2.1): MonitorSpec without id and push token. */
export type MonitorValues = Omit<MonitorSpec, 'id' | 'push_token'>;

export interface MonitorChecksDeps {
  nameTaken(name: string, exceptId?: string): Promise<boolean>;
  deviceExists(id: string): Promise<boolean>;
}

const URL_TYPES: readonly MonitorType[] = ['http', 'keyword', 'json-query'];
const HOST_TYPES: readonly MonitorType[] = ['tcp', 'ping', 'dns', 'tls'];
const MAX_BODY = 64 * 1024;
const STATUS_RANGE = /^([1-5]\d\d)(?:-([1-5]\d\d))?$/;

export const defaultTimeout = (intervalS: number) => Math.min(48, Math.round(0.8 * intervalS * 10) / 10);

const DEFAULT_HTTP: HttpOptions = {
  method: 'GET', headers: {}, body: null, accepted_status: ['200-299'], max_redirects: 10, ignore_tls: false, basic_auth: null,
};

function blank(type: MonitorType): MonitorValues {
  return {
    name: '', type, target: null, port: null, interval_s: 60, timeout_s: defaultTimeout(60), retries: 0, retry_interval_s: 60,
    resend_every: 0, http: null, keyword: null, invert_keyword: false, json_path: null, expected_value: null, dns: null,
    tls_expiry_days: type === 'tls' ? 14 : 0, device_id: null, tags: [], channels: [], active: true,
  };
}

/**
 * Validates a create (no `existing`), PUT (`full`) or PATCH body against the monitor it changes. Fields a body
 * leaves out keep their values; fields that do not apply to the type are cleared. Throws one 400 naming every bad field.
 */
export async function validateMonitor(body: Body, existing: MonitorValues | undefined, full: boolean, deps: MonitorChecksDeps, existingId?: string): Promise<MonitorValues> {
  const errors = new FieldErrorCollector();
  const type = readChoice(body, 'type', errors, MONITOR_TYPES) ?? existing?.type;
  if (!type) {
    if (!errors.has('type')) errors.add('type', REQUIRED);
    errors.throwIfAny();
  }
  const out: MonitorValues = { ...blank(type!), ...(existing ?? {}), type: type! };
  const required = full || !existing;

  const name = readText(body, 'name', errors, { max: 120 });
  if (name === undefined && required && !('name' in body)) errors.add('name', REQUIRED);
  if (typeof name === 'string') {
    if (!name.trim()) errors.add('name', 'This field may not be blank.');
    else if (await deps.nameTaken(name.trim(), existingId)) errors.add('name', 'A monitor with this name already exists.');
    else out.name = name.trim();
  }

  readSchedule(body, errors, out, existing);
  readTarget(body, errors, out, required || type !== existing?.type);
  readTypeOptions(body, errors, out);
  await readDevice(body, errors, out, deps);

  const tags = readStringList(body, 'tags', errors, { maxItems: 20, item: (t) => (t.trim() && t.length <= 50 ? null : 'Each tag must be 1-50 characters.') });
  if (tags) out.tags = tags.map((t) => t.trim());
  const channels = readStringList(body, 'channels', errors, { maxItems: 50, item: (id) => (isUuid(id) ? null : `"${id}" is not a valid channel id.`) });
  if (channels) out.channels = channels;
  const active = readBool(body, 'active', errors);
  if (active !== undefined) out.active = active;

  errors.throwIfAny();
  return out;
}

function readSchedule(body: Body, errors: FieldErrorCollector, out: MonitorValues, existing: MonitorValues | undefined): void {
  const interval = readInt(body, 'interval_s', errors, 1, 86_400);
  if (typeof interval === 'number') out.interval_s = interval;
  const timeout = readNumber(body, 'timeout_s', errors, { min: 0.5, max: 120 });
  if (typeof timeout === 'number') out.timeout_s = timeout;
  // A timeout or retry interval left out follows the interval while it was at its default.
  else if (typeof interval === 'number' && (!existing || existing.timeout_s === defaultTimeout(existing.interval_s))) out.timeout_s = defaultTimeout(interval);
  const retries = readInt(body, 'retries', errors, 0, 10);
  if (typeof retries === 'number') out.retries = retries;
  const retryInterval = readInt(body, 'retry_interval_s', errors, 1, 86_400);
  if (typeof retryInterval === 'number') out.retry_interval_s = retryInterval;
  else if (typeof interval === 'number' && (!existing || existing.retry_interval_s === existing.interval_s)) out.retry_interval_s = interval;
  const resend = readInt(body, 'resend_every', errors, 0, 1000);
  if (typeof resend === 'number') out.resend_every = resend;
  const expiry = readInt(body, 'tls_expiry_days', errors, 0, 365);
  if (typeof expiry === 'number') out.tls_expiry_days = expiry;
}

function readTarget(body: Body, errors: FieldErrorCollector, out: MonitorValues, required: boolean): void {
  const type = out.type;
  if (type === 'push' || type === 'device') {
    out.target = null;
    out.port = null;
    return;
  }
  const target = readText(body, 'target', errors, { max: 2048 });
  if (target === undefined && !('target' in body) && (required || !out.target)) errors.add('target', REQUIRED);
  if (typeof target === 'string') {
    const problem = URL_TYPES.includes(type) ? urlProblem(target) : hostProblem(target);
    if (problem) errors.add('target', problem);
    else out.target = HOST_TYPES.includes(type) ? target.replace(/^\[(.*)\]$/, '$1') : target;
  } else if (!errors.has('target') && out.target && URL_TYPES.includes(type) !== /^https?:/i.test(out.target)) {
    errors.add('target', URL_TYPES.includes(type) ? 'Enter a valid URL (http or https).' : 'Enter a valid hostname, IPv4 or IPv6 address.');
  }

  const port = readInt(body, 'port', errors, 1, 65_535, true);
  if (port !== undefined) out.port = port;
  if (type === 'tcp' && out.port === null && !errors.has('port')) errors.add('port', REQUIRED);
  if (type === 'tls') out.port ??= 443;
  if (type !== 'tcp' && type !== 'tls') out.port = null;
}

function urlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Enter a valid URL (http or https).';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'Enter a valid URL (http or https).';
  if (!url.hostname) return 'Enter a valid URL (http or https).';
  // A URL is shown to every reader of the monitor: credentials belong in http.basic_auth (write-only).
  if (url.username || url.password) return 'Put credentials in http.basic_auth, not in the URL.';
  return null;
}

function hostProblem(value: string): string | null {
  return parseTarget(value) ? null : 'Enter a valid hostname, IPv4 or IPv6 address.';
}

function readTypeOptions(body: Body, errors: FieldErrorCollector, out: MonitorValues): void {
  const type = out.type;
  if (URL_TYPES.includes(type)) out.http = readHttp(body, errors, out.http ?? DEFAULT_HTTP);
  else out.http = null;

  if (type === 'keyword') {
    const keyword = readText(body, 'keyword', errors, { max: 1024 });
    if (typeof keyword === 'string') out.keyword = keyword;
    if (!out.keyword && !errors.has('keyword')) errors.add('keyword', REQUIRED);
    const invert = readBool(body, 'invert_keyword', errors);
    if (invert !== undefined) out.invert_keyword = invert;
  } else {
    out.keyword = null;
    out.invert_keyword = false;
  }

  if (type === 'json-query') {
    const path = readText(body, 'json_path', errors, { max: 1024 });
    if (typeof path === 'string') out.json_path = path;
    if (!out.json_path && !errors.has('json_path')) errors.add('json_path', REQUIRED);
  } else out.json_path = null;

  if (type === 'json-query' || type === 'dns') {
    const expected = readText(body, 'expected_value', errors, { max: 1024, nullable: true, blank: type === 'json-query' });
    if (expected !== undefined) out.expected_value = expected;
    if (type === 'json-query' && out.expected_value === null && !errors.has('expected_value')) errors.add('expected_value', REQUIRED);
  } else out.expected_value = null;

  out.dns = type === 'dns' ? readDns(body, errors, out.dns) : null;
}

function readHttp(body: Body, errors: FieldErrorCollector, current: HttpOptions): HttpOptions {
  if (!('http' in body) || body.http === null) return current;
  const raw = body.http;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.add('http', 'Must be an object.');
    return current;
  }
  const h = raw as Body;
  const out: HttpOptions = { ...current };
  const sub = new FieldErrorCollector();
  const method = readChoice(h, 'method', sub, HTTP_METHODS);
  if (method) out.method = method;
  if ('headers' in h) {
    const headers = h.headers;
    if (headers === null) out.headers = {};
    else if (typeof headers !== 'object' || Array.isArray(headers)) sub.add('headers', 'Must be an object of header names to values.');
    else {
      const entries = Object.entries(headers as Body);
      const bad = entries.find(([k, v]) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/.test(k) || typeof v !== 'string' || /[\r\n\0]/.test(v) || v.length > 4096);
      if (bad || entries.length > 50) sub.add('headers', bad ? `Header "${bad[0].slice(0, 100)}" is not valid.` : 'At most 50 headers.');
      else out.headers = Object.fromEntries(entries as Array<[string, string]>);
    }
  }
  const text = readText(h, 'body', sub, { max: MAX_BODY, nullable: true, blank: true });
  if (text !== undefined) out.body = text === '' ? null : text;
  const accepted = readStringList(h, 'accepted_status', sub, { maxItems: 20, item: statusRangeProblem });
  if (accepted) {
    if (accepted.length) out.accepted_status = accepted;
    else sub.add('accepted_status', 'This list may not be empty.');
  }
  const redirects = readInt(h, 'max_redirects', sub, 0, 20);
  if (typeof redirects === 'number') out.max_redirects = redirects;
  const ignore = readBool(h, 'ignore_tls', sub);
  if (ignore !== undefined) out.ignore_tls = ignore;
  if ('basic_auth' in h) out.basic_auth = readBasicAuth(h.basic_auth, sub, current.basic_auth);
  forwardNested('http', sub, errors);
  return out;
}

function readBasicAuth(raw: unknown, errors: FieldErrorCollector, current: HttpOptions['basic_auth']): HttpOptions['basic_auth'] {
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.add('basic_auth', 'Must be an object with username and password.');
    return current;
  }
  const auth = raw as Body;
  const username = readText(auth, 'username', errors, { max: 255 });
  // The password is write-only: a body without it keeps the stored one.
  const password = readText(auth, 'password', errors, { max: 255, blank: true });
  if (typeof username !== 'string') {
    if (!errors.has('username')) errors.add('basic_auth', 'username is required.');
    return current;
  }
  const kept = typeof password === 'string' ? password : current?.password;
  if (kept === undefined) {
    errors.add('basic_auth', 'password is required.');
    return current;
  }
  return { username, password: kept };
}

function statusRangeProblem(value: string): string | null {
  const m = STATUS_RANGE.exec(value);
  if (!m || (m[2] && Number(m[2]) < Number(m[1]))) return `"${value.slice(0, 20)}" is not a status range like "200-299" or "404".`;
  return null;
}

function readDns(body: Body, errors: FieldErrorCollector, current: DnsOptions | null): DnsOptions {
  const out: DnsOptions = current ?? { record_type: 'A', resolver: null, port: null };
  if (!('dns' in body) || body.dns === null) return out;
  const raw = body.dns;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.add('dns', 'Must be an object.');
    return out;
  }
  const d = raw as Body;
  const sub = new FieldErrorCollector();
  const recordType = readChoice(d, 'record_type', sub, DNS_RECORD_TYPES);
  const resolver = readText(d, 'resolver', sub, { max: 45, nullable: true });
  if (typeof resolver === 'string' && !isIP(resolver)) sub.add('resolver', 'Enter a valid IPv4 or IPv6 address.');
  const port = readInt(d, 'port', sub, 1, 65_535, true);
  forwardNested('dns', sub, errors);
  return {
    record_type: recordType ?? out.record_type,
    resolver: resolver === undefined || sub.has('resolver') ? out.resolver : resolver,
    port: port === undefined ? out.port : port,
  };
}

async function readDevice(body: Body, errors: FieldErrorCollector, out: MonitorValues, deps: MonitorChecksDeps): Promise<void> {
  if (out.type !== 'device') {
    out.device_id = null;
    return;
  }
  if ('device_id' in body) {
    const id = body.device_id;
    if (id === null) errors.add('device_id', NOT_NULL);
    else if (!isUuid(id) || !(await deps.deviceExists(id))) errors.add('device_id', `Invalid pk "${String(id).slice(0, 64)}" - object does not exist.`);
    else out.device_id = id;
  } else if (!out.device_id) errors.add('device_id', REQUIRED);
}

/** Nested errors as `http: method: "X" is not a valid choice.` under the parent field. */
function forwardNested(parent: string, nested: FieldErrorCollector, errors: FieldErrorCollector): void {
  for (const [field, messages] of nested.entries()) for (const m of messages) errors.add(parent, `${field}: ${m}`);
}
