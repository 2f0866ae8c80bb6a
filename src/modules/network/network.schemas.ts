/**
 * Route schemas of the network module (rest.md §8). Bodies are documented but permissive: the hand validation of
 * devices.validation.ts, connections.service.ts and scan-request.ts gives the field texts rest.md names (DRF's
 * "is not a valid choice", null and blank rules, aliases such as `isIgnored`), which Ajv's messages would change.
 * Query values stay untyped for the same reason (a bad `page` is a 404, a repeated filter takes its last value).
 * Responses are serialised from these schemas: each lists every key the answer has.
 */
import { object, ref } from '../../http/schema-kit.js';

const idParams = {
  type: 'object',
  properties: { id: { type: 'string', description: 'UUID; any other form answers 404' } },
  required: ['id'],
} as const;

const pageQuery = {
  page: { description: 'Page number (1 by default); a page past the end answers 404 "Invalid page."' },
  page_size: { description: 'Items per page, 1–500 (50 by default)' },
} as const;

const query = (properties: Record<string, unknown>) => ({ type: 'object', properties: { ...pageQuery, ...properties } }) as const;

/** A page of a list (spec README §Lists). */
const page = (item: string) => object({
  count: { type: 'integer', minimum: 0 },
  next: { type: ['string', 'null'] },
  previous: { type: ['string', 'null'] },
  results: { type: 'array', items: ref(item) },
});

/** A permissive JSON object body whose documented fields are checked by hand (see the top of this file). */
const body = (properties: Record<string, unknown>, examples?: unknown[]) =>
  ({ type: 'object', properties, additionalProperties: true, ...(examples ? { examples } : {}) }) as const;

const deleted = { 204: { type: 'null', description: 'Deleted' } } as const;

// ── devices (§8.1–§8.3) ─────────────────────────────────────────────────────────────────────────────────────
const deviceFields = {
  label: { description: 'string, 1–100 characters (required on create and PUT)' },
  type: { description: 'one of the device types (rest.md §1.4), default `other`' },
  ip: { description: 'IPv4 or IPv6 address, or null' },
  mac: { description: 'MAC address in any common notation, or null' },
  hostname: { description: 'host name (letters, digits, `.`, `_`, `-`), ≤ 255 characters, or null' },
  tags: { description: 'list of strings (≤ 50, each ≤ 50 characters)' },
  groups: { description: 'list of group names (≤ 20, each ≤ 50 characters, duplicates ignoring case dropped)' },
  is_ignored: { description: 'boolean (also `isIgnored`)' },
  metadata: { description: 'object merged into the stored metadata (a null value removes its key), ≤ 16 KiB' },
} as const;
const deviceUpdateFields = {
  ...deviceFields,
  status: { description: 'online, offline, warning or error' },
  pinnedFields: { description: 'list of label, type, hostname, tags: fields scans do not overwrite' },
} as const;

export const listDevicesSchema = {
  querystring: query({
    status: { description: 'online, offline, warning or error' }, type: { description: 'device type' },
    tag: { description: 'devices with this tag' }, search: { description: 'label, IP, MAC, hostname or vendor contains this text' },
    is_ignored: { description: 'true/1 or false/0' }, group: { description: 'devices in this group (any case)' },
    reviewed: { description: 'true/1 or false/0; false lists the new-devices queue' },
  }),
  response: { 200: page('Device') },
} as const;
export const createDeviceSchema = {
  body: body(deviceFields, [{ label: 'nas', type: 'server', ip: '192.168.1.20', tags: ['storage'] }]),
  response: { 201: ref('Device') },
} as const;
export const deviceSchema = { params: idParams, response: { 200: ref('Device') } } as const;
export const updateDeviceSchema = { params: idParams, body: body(deviceUpdateFields, [{ label: 'nas', tags: ['storage', 'backup'] }]), response: { 200: ref('Device') } } as const;
export const putDeviceSchema = { params: idParams, body: body(deviceUpdateFields), response: { 200: ref('Device') } } as const;
export const deleteDeviceSchema = { params: idParams, response: deleted } as const;
export const setStatusSchema = {
  params: idParams,
  body: body({ status: { description: 'online, offline, warning or error' } }, [{ status: 'offline' }]),
  response: { 200: ref('Device') },
} as const;
export const ignoreDeviceSchema = {
  params: idParams,
  body: body({}),
  response: { 200: object({ status: { type: 'string', enum: ['device ignored', 'device unignored'] } }) },
} as const;

// ── connections (§8.4) ──────────────────────────────────────────────────────────────────────────────────────
const connectionFields = {
  source: { description: 'device id (required on create and PUT)' },
  target: { description: 'device id, not the source (required on create and PUT)' },
  label: { description: 'string ≤ 100 characters, or null' },
  type: { description: 'wired, wireless, vpn or other' },
  status: { description: 'active, inactive, warning or error' },
  bandwidth: { description: 'number ≥ 0, or null' },
  latency: { description: 'number ≥ 0, or null' },
  packet_loss: { description: 'number ≥ 0, or null (also `packetLoss`)' },
  traffic: { description: 'number ≥ 0, or null' },
  metadata: { description: 'object, ≤ 16 KiB' },
} as const;

export const listConnectionsSchema = {
  querystring: query({ device: { description: 'connections touching this device' } }),
  response: { 200: page('Connection') },
} as const;
export const createConnectionSchema = {
  body: body(connectionFields, [{ source: '4d7f6b8e-1c55-4e63-9a55-0f2d3c4b5a61', target: '9b1e2f3a-4c5d-4e6f-8a7b-0c1d2e3f4a5b', type: 'wired' }]),
  response: { 201: ref('Connection') },
} as const;
export const connectionSchema = { params: idParams, response: { 200: ref('Connection') } } as const;
export const updateConnectionSchema = { params: idParams, body: body(connectionFields), response: { 200: ref('Connection') } } as const;
export const deleteConnectionSchema = { params: idParams, response: deleted } as const;

// ── scans (§8.5) ────────────────────────────────────────────────────────────────────────────────────────────
const startFields = {
  ip_range: { description: 'IP, CIDR or range within the allowed networks; automatic targets when absent' },
  scan_type: { description: 'basic, intense or full (any case), default basic' },
  include_ports: { description: 'boolean, default true' },
  include_os_detection: { description: 'boolean, default true for intense and full' },
  timeout: { description: 'integer seconds, 30–14400 (default by scan type)' },
  target_device_id: { description: 'rescan this device (its IP when no `ip_range`)' },
} as const;

const started = object({
  status: { type: 'string', enum: ['success'] },
  message: { type: 'string', examples: ['Network scan started', 'Network scan queued'] },
  scan_id: { type: 'string', format: 'uuid' },
  job_id: { type: 'string', format: 'uuid' },
  scan: ref('Scan'),
});

export const listScansSchema = {
  querystring: query({ status: { description: 'scan status' }, scan_type: { description: 'basic, intense or full' } }),
  response: { 200: page('Scan') },
} as const;
export const latestScanSchema = { response: { 200: ref('Scan') } } as const;
export const startScanSchema = {
  body: body(startFields, [{ ip_range: '192.168.1.0/24', scan_type: 'basic' }]),
  response: { 200: started },
} as const;
export const rescanDeviceSchema = {
  params: idParams,
  body: body({ ...startFields, target_device_id: { description: 'ignored: the device of the path' } }),
  response: { 200: started },
} as const;
export const cleanStaleSchema = {
  body: body({}),
  response: {
    200: object({
      status: { type: 'string', enum: ['success'] }, message: { type: 'string' },
      cleaned_count: { type: 'integer', minimum: 0 }, active_count: { type: 'integer', minimum: 0 },
    }),
  },
} as const;
export const scanSchema = { params: idParams, response: { 200: ref('Scan') } } as const;
export const cancelScanSchema = { params: idParams, body: body({}), response: { 200: ref('Scan') } } as const;
export const scanResultsSchema = {
  params: idParams,
  response: {
    200: object({
      scan: ref('Scan'),
      devices: { type: 'array', items: ref('Device') },
      new_device_ids: { type: 'array', items: { type: 'string' } },
      offline_device_ids: { type: 'array', items: { type: 'string' } },
    }),
  },
} as const;
export const deleteScanSchema = { params: idParams, response: deleted } as const;

// ── map and host (§8.6, scanner.md §8) ─────────────────────────────────────────────────────────────────────
export const topologySchema = { response: { 200: ref('Topology') } } as const;
export const interfacesSchema = {
  response: {
    200: object({
      interfaces: { type: 'array', items: { type: 'object', additionalProperties: true } },
      routes: { type: 'array', items: { type: 'object', additionalProperties: true } },
      default_gateway: { type: 'object', additionalProperties: true },
      scan_networks: { type: 'array', items: { type: 'string' } },
    }),
  },
} as const;
