/**
 * Route schemas of the inventory routes (docs/inventory.md): scan schedules, device presence and changes, review,
 * groups and export. As in network.schemas.ts, bodies are permissive and checked by hand (schedule-validation.ts,
 * devices.validation.ts) so that errors read as the other network routes' do; responses list every key.
 */
import { pageQuery, pageSchema } from '../../http/schema-components.js';
import { object, ref } from '../../http/schema-kit.js';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', description: 'UUID; any other form answers 404' } },
  required: ['id'],
} as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const body = (properties: Record<string, unknown>, examples?: unknown[]) =>
  ({ type: 'object', properties, additionalProperties: true, ...(examples ? { examples } : {}) }) as const;

// ── scan schedules ─────────────────────────────────────────────────────────────────────────────────────────
const schedule = object({
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string' },
  ip_range: { type: 'string' },
  scan_type: { type: 'string', enum: ['basic', 'intense', 'full'] },
  every_minutes: { type: ['integer', 'null'], description: 'Minutes between runs (5–10080), or null when `rrule` times the schedule' },
  rrule: { ...strOrNull, description: 'RFC 5545 RRULE (no MINUTELY), or null when `every_minutes` times the schedule' },
  timezone: { type: 'string', description: 'IANA time zone the RRULE is read in' },
  enabled: { type: 'boolean' },
  last_run_at: { ...time, description: 'When the schedule last started a scan' },
  next_run_at: { ...time, description: 'When it runs next; null while disabled or when its RRULE has ended' },
  last_scan_id: { ...strOrNull, description: 'The scan it started last' },
  last_error: { ...strOrNull, description: 'Why its last due run started no scan; null after one that did' },
  created_at: time,
  updated_at: time,
});
const scheduleFields = {
  name: { description: 'string, 1–100 characters, unique ignoring case (required on create and PUT)' },
  ip_range: { description: 'IP, CIDR or range inside SCAN_ALLOWED_NETWORKS, as for a scan (required on create and PUT)' },
  scan_type: { description: 'basic, intense or full (any case), default basic' },
  every_minutes: { description: 'integer 5–10080; giving it clears `rrule`' },
  rrule: { description: 'RRULE text such as FREQ=DAILY;BYHOUR=3 (at least 5 minutes apart); giving it clears `every_minutes`' },
  timezone: { description: 'IANA time zone of the RRULE, default UTC' },
  enabled: { description: 'boolean, default true' },
} as const;
const deleted = { 204: { type: 'null', description: 'Deleted' } } as const;

export const listSchedulesSchema = { querystring: pageQuery(), response: { 200: pageSchema(schedule) } } as const;
export const createScheduleSchema = {
  body: body(scheduleFields, [{ name: 'LAN nightly', ip_range: '192.168.1.0/24', scan_type: 'basic', rrule: 'FREQ=DAILY;BYHOUR=3', timezone: 'Europe/Berlin' }]),
  response: { 201: schedule },
} as const;
export const scheduleSchema = { params: idParams, response: { 200: schedule } } as const;
export const updateScheduleSchema = { params: idParams, body: body(scheduleFields, [{ enabled: false }]), response: { 200: schedule } } as const;
export const deleteScheduleSchema = { params: idParams, response: deleted } as const;

// ── device history, review, groups, export ─────────────────────────────────────────────────────────────────
const session = object({
  started_at: time,
  ended_at: { ...time, description: 'null while the session lasts' },
  status: { type: 'string', enum: ['online', 'offline'] },
});
const change = object({
  changed_at: time,
  field: { type: 'string', enum: ['ip', 'hostname'] },
  old_value: strOrNull,
  new_value: strOrNull,
  source: { type: 'string', enum: ['scan', 'user'] },
  scan_id: { ...strOrNull, description: 'The scan that saw the new value (source scan)' },
});

export const presenceSchema = { params: idParams, querystring: pageQuery(), response: { 200: pageSchema(session) } } as const;
export const changesSchema = { params: idParams, querystring: pageQuery(), response: { 200: pageSchema(change) } } as const;
export const acknowledgeSchema = { params: idParams, body: body({}), response: { 200: ref('Device') } } as const;
export const groupsSchema = {
  response: {
    200: {
      type: 'array',
      items: object({
        name: { type: 'string' },
        devices: { type: 'integer', minimum: 0, description: 'Devices in the group' },
        online: { type: 'integer', minimum: 0, description: 'Of them, devices online' },
      }),
    },
  },
} as const;

const exportRow = object({
  id: { type: 'string', format: 'uuid' }, label: { type: 'string' }, type: { type: 'string' }, status: { type: 'string' },
  ip: strOrNull, mac: strOrNull, mac_randomized: { type: 'boolean' }, vendor: strOrNull, hostname: strOrNull,
  first_seen: time, last_seen: time, reviewed: { type: 'boolean' }, groups: { type: 'array', items: { type: 'string' } },
  tags: { type: 'array', items: { type: 'string' } }, is_ignored: { type: 'boolean' }, is_manually_added: { type: 'boolean' },
});
export const exportSchema = {
  querystring: {
    type: 'object',
    properties: {
      format: { description: 'csv (default) or json' },
      status: { description: 'as the device list' }, type: { description: 'as the device list' }, tag: { description: 'as the device list' },
      group: { description: 'as the device list' }, reviewed: { description: 'as the device list' }, is_ignored: { description: 'as the device list' },
      search: { description: 'as the device list' },
    },
  },
  response: {
    200: {
      description: 'Every device the filters select, by label, as an attachment',
      content: {
        'text/csv': { schema: { type: 'string', description: 'A header row, then one row per device (RFC 4180, CRLF)' } },
        'application/json': { schema: { type: 'array', items: exportRow } },
      },
    },
  },
} as const;
