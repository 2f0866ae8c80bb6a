/**
 * Route schemas of monitors (monitoring.md §2). Bodies are described, not constrained: monitors.validation.ts
 * checks them with the contract's field texts. Responses are exact (they also drive serialisation).
 */
import { object } from '../../http/schema-kit.js';
import { pageQuery, pageSchema } from '../../http/schema-components.js';

const field = (description: string) => ({ description }) as const;
const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const intOrNull = { type: ['integer', 'null'] } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const openObjectOrNull = { type: ['object', 'null'], additionalProperties: true } as const;
const ratioOrNull = { type: ['number', 'null'], minimum: 0, maximum: 1 } as const;
const idParams = object({ id: { type: 'string', description: 'Monitor UUID (another form answers 404)' } });

const monitorProperties = {
  id: { type: 'string', format: 'uuid' }, name: str, type: str, target: strOrNull, port: intOrNull,
  interval_s: { type: 'integer' }, timeout_s: { type: 'number' }, retries: { type: 'integer' }, retry_interval_s: { type: 'integer' },
  resend_every: { type: 'integer' },
  http: { ...openObjectOrNull, description: 'method, headers, body, accepted_status, max_redirects, ignore_tls, basic_auth ({username, password_set})' },
  keyword: strOrNull, invert_keyword: { type: 'boolean' }, json_path: strOrNull, expected_value: strOrNull,
  dns: { ...openObjectOrNull, description: 'record_type, resolver, port' }, tls_expiry_days: { type: 'integer' },
  device_id: strOrNull, push_token: { ...strOrNull, description: 'push monitors; shown to holders of can_manage_monitors only' },
  tags: { type: 'array', items: str }, channels: { type: 'array', items: str }, active: { type: 'boolean' },
  status: { type: 'string', enum: ['pending', 'up', 'down', 'maintenance', 'paused'] },
  last_checked_at: time, last_response_ms: numOrNull, last_message: str, cert_expires_at: time,
  created_at: time, updated_at: time, created_by: intOrNull,
} as const;
const extras = {
  uptime_24h: { ...ratioOrNull, description: 'Extension: share of up checks in the last 24 h (list only)' },
  uptime_30d: { ...ratioOrNull, description: 'Extension: share of up checks in the last 30 days (list only)' },
  recent_response_ms: { type: 'array', items: numOrNull, description: 'Extension: the last 30 response times, oldest first (list only)' },
} as const;

export const monitorSchema = { description: 'A monitor (monitoring.md §2.1)', ...object(monitorProperties) } as const;
const listedMonitor = { ...object({ ...monitorProperties, ...extras }) } as const;

export const heartbeatSchema = {
  description: 'A heartbeat (monitoring.md §2.3)',
  ...object({
    monitor_id: str, time: { type: 'string', format: 'date-time' }, status: { type: 'string', enum: ['up', 'down', 'pending', 'maintenance'] },
    response_ms: numOrNull, message: str, important: { type: 'boolean' },
  }),
} as const;

const windowed = { type: 'object', properties: { '24h': numOrNull, '7d': numOrNull, '30d': numOrNull, '365d': numOrNull }, additionalProperties: false } as const;
const uptimeSchema = {
  ...object({ '24h': ratioOrNull, '7d': ratioOrNull, '30d': ratioOrNull, '365d': ratioOrNull, avg_response_ms: windowed, p95_response_ms: windowed }),
} as const;
const incidentSchema = object({ started_at: { type: 'string', format: 'date-time' }, ended_at: time, duration_s: numOrNull, message: str });

const monitorBody = {
  type: 'object', additionalProperties: true,
  properties: {
    name: field('Required; 1–120 characters, unique (case-insensitive)'),
    type: field('http, keyword, json-query, tcp, ping, dns, tls, push or device'),
    target: field('URL (http, keyword, json-query), host or IP (tcp, ping, dns, tls); not for push/device'),
    port: field('tcp (required), tls (default 443)'),
    interval_s: field('1–86400, default 60'), timeout_s: field('0.5–120, default min(48, 0.8 × interval_s)'),
    retries: field('0–10, default 0'), retry_interval_s: field('1–86400, default interval_s'), resend_every: field('0–1000, default 0'),
    http: field('{method, headers, body, accepted_status, max_redirects, ignore_tls, basic_auth: {username, password}}'),
    keyword: field('keyword: text the body must contain'), invert_keyword: field('keyword: must not contain'),
    json_path: field('json-query: expression'), expected_value: field('json-query, dns: expected value'),
    dns: field('{record_type, resolver, port}'), tls_expiry_days: field('0–365: down when the certificate expires within N days'),
    device_id: field('device: inventory device id'), tags: field('list of strings'), channels: field('list of channel ids'),
    active: field('false = paused'),
  },
  examples: [{ name: 'Website', type: 'http', target: 'https://example.com/', interval_s: 60, retries: 1 }],
} as const;

const query = pageQuery({
  status: field('pending, up, down, maintenance or paused'), type: field('Monitor type'), tag: field('Tag'),
  search: field('Text in the name or target'), ordering: field('name (default), status or -last_checked_at'),
});

export const listMonitorsSchema = { querystring: query, response: { 200: pageSchema(listedMonitor) } } as const;
export const createMonitorSchema = { body: monitorBody, response: { 201: monitorSchema } } as const;
export const getMonitorSchema = { params: idParams, response: { 200: monitorSchema } } as const;
export const updateMonitorSchema = { params: idParams, body: monitorBody, response: { 200: monitorSchema } } as const;
export const deleteMonitorSchema = { params: idParams, response: { 204: { type: 'null', description: 'Deleted with its heartbeats' } } } as const;
export const monitorActionSchema = { params: idParams, body: { type: 'object', additionalProperties: true }, response: { 200: monitorSchema } } as const;
export const checkNowSchema = { params: idParams, body: { type: 'object', additionalProperties: true }, response: { 200: heartbeatSchema } } as const;
export const heartbeatsSchema = {
  params: idParams,
  querystring: pageQuery({ since: field('ISO time'), until: field('ISO time'), important: field('true: status changes only') }),
  response: { 200: pageSchema(heartbeatSchema) },
} as const;
export const uptimeRouteSchema = { params: idParams, response: { 200: uptimeSchema } } as const;
export const incidentsSchema = {
  params: idParams, querystring: pageQuery(),
  response: { 200: pageSchema(incidentSchema) },
} as const;
export const summarySchema = {
  response: { 200: object({ up: { type: 'integer' }, down: { type: 'integer' }, pending: { type: 'integer' }, maintenance: { type: 'integer' }, paused: { type: 'integer' } }) },
} as const;
export const pushSchema = {
  params: object({ token: { type: 'string', description: 'The push monitor\'s token' } }),
  querystring: { type: 'object', properties: { status: field('up (default) or down'), msg: field('Message'), ping: field('Response time in ms') } },
  response: { 200: object({ ok: { type: 'boolean' } }) },
} as const;
export const pushPostSchema = { ...pushSchema, body: { type: 'object', additionalProperties: true, description: 'Ignored: everything is in the query' } } as const;
