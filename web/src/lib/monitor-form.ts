import type { Monitor, MonitorType } from './monitors.ts';

/** The create/edit form's values, as typed (strings for numbers, so a half-typed value is kept as is). */
export interface MonitorForm {
  name: string; type: MonitorType; target: string; port: string;
  interval_s: string; timeout_s: string; retries: string; retry_interval_s: string; resend_every: string;
  tags: string; active: boolean;
  method: string; accepted_status: string; max_redirects: string; ignore_tls: boolean; headers: string; body: string;
  auth_user: string; auth_password: string;
  keyword: string; invert_keyword: boolean; json_path: string; expected_value: string;
  record_type: string; resolver: string; dns_port: string; tls_expiry_days: string; device_id: string;
}

export const URL_TYPES: MonitorType[] = ['http', 'keyword', 'json-query'];
export const HOST_TYPES: MonitorType[] = ['tcp', 'ping', 'dns', 'tls'];
export const EXPIRY_TYPES: MonitorType[] = ['http', 'keyword', 'json-query', 'tls'];

/** Where the server names a form field's error (nested objects as `http.method`, api.ts). */
export const SERVER_FIELD: Partial<Record<keyof MonitorForm, string[]>> = {
  method: ['http.method'], accepted_status: ['http.accepted_status'], max_redirects: ['http.max_redirects'], headers: ['http.headers'],
  body: ['http.body'], auth_user: ['http.basic_auth', 'http.username'], auth_password: ['http.password'], ignore_tls: ['http.ignore_tls'],
  record_type: ['dns.record_type'], resolver: ['dns.resolver'], dns_port: ['dns.port'],
};

export function formFrom(m?: Monitor): MonitorForm {
  const http = m?.http;
  return {
    name: m?.name ?? '', type: m?.type ?? 'http', target: m?.target ?? '', port: m?.port ? String(m.port) : '',
    interval_s: String(m?.interval_s ?? 60), timeout_s: m ? String(m.timeout_s) : '', retries: String(m?.retries ?? 0),
    retry_interval_s: m ? String(m.retry_interval_s) : '', resend_every: String(m?.resend_every ?? 0),
    tags: (m?.tags ?? []).join(', '), active: m?.active ?? true,
    method: http?.method ?? 'GET', accepted_status: (http?.accepted_status ?? ['200-299']).join(', '), max_redirects: String(http?.max_redirects ?? 10),
    ignore_tls: http?.ignore_tls ?? false, headers: http && Object.keys(http.headers).length ? JSON.stringify(http.headers, null, 2) : '',
    body: http?.body ?? '', auth_user: http?.basic_auth?.username ?? '', auth_password: '',
    keyword: m?.keyword ?? '', invert_keyword: m?.invert_keyword ?? false, json_path: m?.json_path ?? '', expected_value: m?.expected_value ?? '',
    record_type: m?.dns?.record_type ?? 'A', resolver: m?.dns?.resolver ?? '', dns_port: m?.dns?.port ? String(m.dns.port) : '',
    tls_expiry_days: String(m?.tls_expiry_days ?? 0), device_id: m?.device_id ?? '',
  };
}

const isInt = (v: string, min: number, max: number) => /^\d+$/.test(v.trim()) && Number(v) >= min && Number(v) <= max;
const isNumber = (v: string, min: number, max: number) => v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= min && Number(v) <= max;
const HOST = /^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|[A-Za-z0-9_]([A-Za-z0-9_.-]{0,252}))$/;

function headersProblem(text: string): string | undefined {
  if (!text.trim()) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
      return 'Enter a JSON object of header names to text values.';
    }
  } catch {
    return 'Enter valid JSON, e.g. {"Accept": "text/html"}.';
  }
  return undefined;
}

/** The checks a person should not need a round trip for; the server checks everything again. */
export function validateForm(f: MonitorForm, editing?: Monitor): Partial<Record<keyof MonitorForm, string>> {
  const e: Partial<Record<keyof MonitorForm, string>> = {};
  if (!f.name.trim()) e.name = 'Enter a name.';
  else if (f.name.trim().length > 120) e.name = 'At most 120 characters.';
  if (URL_TYPES.includes(f.type)) {
    let ok = false;
    try {
      const url = new URL(f.target.trim());
      ok = (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
    } catch { ok = false; }
    if (!ok) e.target = 'Enter a URL starting with http:// or https://.';
    if (!f.accepted_status.split(',').map((s) => s.trim()).filter(Boolean).every((s) => /^[1-5]\d\d(-[1-5]\d\d)?$/.test(s))) {
      e.accepted_status = 'Status codes or ranges like 200-299, 301.';
    }
    if (!isInt(f.max_redirects, 0, 20)) e.max_redirects = 'A whole number from 0 to 20.';
    e.headers = headersProblem(f.headers);
    if (f.auth_user.trim() && !f.auth_password && !editing?.http?.basic_auth?.password_set) e.auth_password = 'Enter the password for this user.';
  }
  if (HOST_TYPES.includes(f.type) && !HOST.test(f.target.trim())) e.target = 'Enter a host name or an IP address.';
  if (f.type === 'tcp' && !isInt(f.port, 1, 65535)) e.port = 'A port from 1 to 65535.';
  if (f.type === 'tls' && f.port.trim() && !isInt(f.port, 1, 65535)) e.port = 'A port from 1 to 65535.';
  if (f.type === 'keyword' && !f.keyword) e.keyword = 'Enter the text to look for.';
  if (f.type === 'json-query') {
    if (!f.json_path.trim()) e.json_path = 'Enter an expression, e.g. $.status.';
  }
  if (f.type === 'dns') {
    if (f.resolver.trim() && !/^[0-9a-fA-F:.]+$/.test(f.resolver.trim())) e.resolver = 'An IPv4 or IPv6 address.';
    if (f.dns_port.trim() && !isInt(f.dns_port, 1, 65535)) e.dns_port = 'A port from 1 to 65535.';
  }
  if (f.type === 'device' && !f.device_id) e.device_id = 'Choose a device.';
  if (!isInt(f.interval_s, 1, 86400)) e.interval_s = 'Seconds, from 1 to 86400.';
  if (f.timeout_s.trim() && !isNumber(f.timeout_s, 0.5, 120)) e.timeout_s = 'Seconds, from 0.5 to 120.';
  if (!isInt(f.retries, 0, 10)) e.retries = 'A whole number from 0 to 10.';
  if (f.retry_interval_s.trim() && !isInt(f.retry_interval_s, 1, 86400)) e.retry_interval_s = 'Seconds, from 1 to 86400.';
  if (!isInt(f.resend_every, 0, 1000)) e.resend_every = 'A whole number from 0 to 1000.';
  if (EXPIRY_TYPES.includes(f.type) && !isInt(f.tls_expiry_days, 0, 365)) e.tls_expiry_days = 'Days, from 0 to 365.';
  for (const key of Object.keys(e) as Array<keyof MonitorForm>) if (!e[key]) delete e[key];
  return e;
}

/** The request body for POST monitors/ or PATCH monitors/{id}/; keys that do not apply to the type are left out. */
export function bodyFrom(f: MonitorForm): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: f.name.trim(), type: f.type, interval_s: Number(f.interval_s), retries: Number(f.retries), resend_every: Number(f.resend_every),
    tags: f.tags.split(',').map((t) => t.trim()).filter(Boolean), active: f.active,
  };
  if (f.timeout_s.trim()) body.timeout_s = Number(f.timeout_s);
  if (f.retry_interval_s.trim()) body.retry_interval_s = Number(f.retry_interval_s);
  if (f.type !== 'push' && f.type !== 'device') body.target = f.target.trim();
  if (f.type === 'tcp' || f.type === 'tls') body.port = f.port.trim() ? Number(f.port) : null;
  if (URL_TYPES.includes(f.type)) {
    const auth = f.auth_user.trim() ? { username: f.auth_user.trim(), ...(f.auth_password ? { password: f.auth_password } : {}) } : null;
    body.http = {
      method: f.method, headers: f.headers.trim() ? JSON.parse(f.headers) as Record<string, string> : {}, body: f.body || null,
      accepted_status: f.accepted_status.split(',').map((s) => s.trim()).filter(Boolean), max_redirects: Number(f.max_redirects),
      ignore_tls: f.ignore_tls, basic_auth: auth,
    };
  }
  if (EXPIRY_TYPES.includes(f.type)) body.tls_expiry_days = Number(f.tls_expiry_days);
  if (f.type === 'keyword') Object.assign(body, { keyword: f.keyword, invert_keyword: f.invert_keyword });
  if (f.type === 'json-query') Object.assign(body, { json_path: f.json_path.trim(), expected_value: f.expected_value });
  if (f.type === 'dns') {
    body.dns = { record_type: f.record_type, resolver: f.resolver.trim() || null, port: f.dns_port.trim() ? Number(f.dns_port) : null };
    body.expected_value = f.expected_value.trim() || null;
  }
  if (f.type === 'device') body.device_id = f.device_id;
  return body;
}
