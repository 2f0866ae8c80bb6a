/**
 * Shapes that several routes (and modules) share, registered once with `app.addSchema` and used by `ref(id)`.
 * Key order is the order of the presenters: responses are serialised from these schemas.
 */
import type { FastifyInstance } from 'fastify';
import { nullable, object, ref, timestamp } from './schema-kit.js';

const uuid = { type: 'string', format: 'uuid' } as const;
const stringOrNull = { type: ['string', 'null'] } as const;
const integerOrNull = { type: ['integer', 'null'] } as const;
const numberOrNull = { type: ['number', 'null'] } as const;
/** A timestamp or null (rest.md README §Timestamps). */
export const timestampOrNull = { type: ['string', 'null'], description: 'ISO-8601 date-time, or null' } as const;

const closed = <P extends Record<string, unknown>>(properties: P) =>
  ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false }) as const;

/** rest.md §1.3. */
export const notificationComponent = {
  $id: 'Notification',
  ...closed({
    id: uuid,
    user: { ...integerOrNull, description: 'The target user; null for role and system notifications' },
    title: { type: 'string', maxLength: 200 },
    message: stringOrNull,
    type: { type: 'string', enum: ['info', 'success', 'warning', 'error'] },
    timestamp: { type: 'integer', description: 'Epoch milliseconds' },
    is_system: { type: 'boolean' },
    source: { type: 'string' },
    read: { type: 'boolean', description: 'Read state for the caller' },
    target_role: stringOrNull,
    created_by: integerOrNull,
    created_at: timestamp,
  }),
  examples: [{
    id: '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10', user: 1, title: 'Backup finished', message: 'All volumes copied.', type: 'success',
    timestamp: 1753611330123, is_system: false, source: 'user', read: false, target_role: null, created_by: 1,
    created_at: '2025-07-27T10:15:30.123+00:00',
  }],
} as const;

/** rest.md §1.8. */
export const alertComponent = {
  $id: 'Alert',
  ...closed({
    id: uuid,
    created_at: timestamp,
    updated_at: timestamp,
    timestamp,
    title: { type: 'string', maxLength: 200 },
    message: { type: 'string' },
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    status: { type: 'string', enum: ['new', 'acknowledged', 'resolved'] },
    source: { type: 'string' },
    rule: { ...stringOrNull, description: 'Alert rule id' },
    metric: stringOrNull,
    target: stringOrNull,
    host: stringOrNull,
    value: numberOrNull,
    threshold: numberOrNull,
    peak_value: numberOrNull,
    acknowledged_by: integerOrNull,
    acknowledged_at: timestampOrNull,
    resolved_at: timestampOrNull,
  }),
  examples: [{
    id: '0b5e9f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b', created_at: '2025-07-27T10:15:30.123+00:00', updated_at: '2025-07-27T10:15:30.123+00:00',
    timestamp: '2025-07-27T10:15:30.123+00:00', title: 'High Memory Usage', message: 'System RAM usage has reached 92.0%',
    severity: 'high', status: 'new', source: 'system_monitoring', rule: '5d6e7f80-1a2b-4c3d-9e8f-7a6b5c4d3e2f', metric: 'memory_usage',
    target: null, host: 'server-1', value: 92, threshold: 90, peak_value: 92, acknowledged_by: null, acknowledged_at: null, resolved_at: null,
  }],
} as const;

/** metrics.md §5.1. */
export const alertRuleComponent = {
  $id: 'AlertRule',
  ...closed({
    id: uuid,
    name: { type: 'string', maxLength: 100 },
    metric: {
      type: 'string',
      enum: ['cpu_usage', 'memory_usage', 'swap_usage', 'filesystem_usage', 'load_per_core', 'network_rx', 'network_tx', 'temperature'],
    },
    target: stringOrNull,
    warning_threshold: numberOrNull,
    critical_threshold: numberOrNull,
    duration_seconds: { type: 'integer', minimum: 0 },
    hysteresis: { type: 'number', minimum: 0 },
    cooldown_seconds: { type: 'integer', minimum: 0 },
    enabled: { type: 'boolean' },
    notify: { type: 'boolean' },
    is_builtin: { type: 'boolean' },
    created_at: timestamp,
    updated_at: timestamp,
    channels: { type: 'array', items: { type: 'string' }, description: 'Notification channel ids (monitoring.md §5.3)' },
    hosts: { type: 'array', items: { type: 'string' }, description: 'Host ids it is evaluated on (monitoring.md §6); empty: every host' },
  }),
  examples: [{
    id: '5d6e7f80-1a2b-4c3d-9e8f-7a6b5c4d3e2f', name: 'Memory usage', metric: 'memory_usage', target: null, warning_threshold: 90,
    critical_threshold: 95, duration_seconds: 60, hysteresis: 5, cooldown_seconds: 300, enabled: true, notify: true, is_builtin: true,
    created_at: '2025-07-27T10:15:30.123+00:00', updated_at: '2025-07-27T10:15:30.123+00:00', channels: [], hosts: [],
  }],
} as const;

/** The paginated envelope of spec README §Lists around `items`. */
export function pageSchema<I extends Record<string, unknown>>(items: I) {
  return closed({
    count: { type: 'integer', minimum: 0 },
    next: { ...stringOrNull, description: 'Absolute URL of the next page' },
    previous: { ...stringOrNull, description: 'Absolute URL of the previous page' },
    results: { type: 'array', items },
  });
}

export { ref };

/** The query of a paginated list (spec README §Lists), with the list's own filters. */
export function pageQuery<P extends Record<string, unknown>>(filters: P = {} as P) {
  return {
    type: 'object',
    properties: { page: { description: '1-based page' }, page_size: { description: '1–500' }, ...filters },
  } as const;
}

// Network (rest.md §8).
const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const bool = { type: 'boolean' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

/** A network device (rest.md §1.4): camelCase keys, then the five snake_case aliases the web client reads, then the inventory keys. */
export const deviceComponent = {
  $id: 'Device',
  ...object({
    id: { type: 'string', format: 'uuid' }, label: str, type: str, ip: strOrNull, mac: strOrNull, hostname: strOrNull, status: str,
    lastSeen: time, tags: strings, metadata: openObject, firstSeen: time, vendor: strOrNull, macRandomized: bool,
    hostnameSource: strOrNull, isIgnored: bool, isManuallyAdded: bool, pinnedFields: strings, missedScans: int,
    createdAt: time, updatedAt: time, last_seen: time, is_ignored: bool, is_manually_added: bool, created_at: time, updated_at: time,
    reviewed: bool, groups: strings, first_seen: time,
  }),
  examples: [{
    id: '4d7f6b8e-1c55-4e63-9a55-0f2d3c4b5a61', label: 'nas', type: 'server', ip: '192.168.1.20', mac: 'AA:BB:CC:DD:EE:01',
    hostname: 'nas.lan', status: 'online', lastSeen: '2025-01-01T12:00:00.000+00:00', tags: ['storage'], metadata: {},
    firstSeen: '2024-12-01T08:00:00.000+00:00', vendor: 'Synology', macRandomized: false, hostnameSource: 'dns', isIgnored: false,
    isManuallyAdded: false, pinnedFields: [], missedScans: 0, createdAt: '2024-12-01T08:00:00.000+00:00',
    updatedAt: '2025-01-01T12:00:00.000+00:00', last_seen: '2025-01-01T12:00:00.000+00:00', is_ignored: false,
    is_manually_added: false, created_at: '2024-12-01T08:00:00.000+00:00', updated_at: '2025-01-01T12:00:00.000+00:00',
    reviewed: true, groups: ['office'], first_seen: '2024-12-01T08:00:00.000+00:00',
  }],
} as const;

/** A connection between two devices (rest.md §1.5). */
export const connectionComponent = {
  $id: 'Connection',
  ...object({
    id: { type: 'string', format: 'uuid' }, source: str, target: str, label: strOrNull, type: str, status: str, bandwidth: numOrNull,
    latency: numOrNull, packetLoss: numOrNull, traffic: numOrNull, metadata: openObject, inferred: bool, evidence: strings,
    confidence: num, createdAt: time, updatedAt: time, packet_loss: numOrNull, created_at: time, updated_at: time,
  }),
} as const;

/** A network scan record (rest.md §1.6). */
export const scanComponent = {
  $id: 'Scan',
  ...object({
    id: { type: 'string', format: 'uuid' }, timestamp: time, status: str, discoveredDevices: int, duration: numOrNull, isStale: bool,
    errorMessage: strOrNull, scanType: str, ipRange: strOrNull, targets: strings, progress: num, phase: str, jobId: str,
    newDevices: int, offlineDevices: int, warning: strOrNull, startedBy: { type: ['integer', 'null'] }, targetDeviceId: strOrNull,
    startedAt: time, finishedAt: time, scanMethod: str, worker: strOrNull, createdAt: time, updatedAt: time,
    discovered_devices: int, error_message: strOrNull, ip_range: strOrNull, scan_method: str, created_at: time, updated_at: time,
  }),
} as const;

/** The map (rest.md §1.7): camelCase keys, as the web client reads them. */
export const topologyComponent = {
  $id: 'Topology',
  ...object({
    devices: { type: 'array', items: { $ref: 'Device#' } },
    connections: { type: 'array', items: { $ref: 'Connection#' } },
    lastScan: { anyOf: [{ $ref: 'Scan#' }, { type: 'null' }] },
    activeScanInProgress: bool,
  }),
} as const;

/** The components the network module owns. */
export const NETWORK_COMPONENTS = [deviceComponent, connectionComponent, scanComponent, topologyComponent] as const;

// Tools (tools.md §1).
/** The 200 body of every tool route (tools.md §1), registered once as a component. */
export const toolResultComponent = {
  $id: 'ToolResult',
  type: 'object',
  description: 'The result of a tool run: 200 whenever the tool ran, whatever its own outcome.',
  properties: {
    output: { type: 'string', description: "The tool's text, in the layout of the Linux command (tools.md §6)." },
    status: { type: 'string', enum: ['success', 'error', 'warning'] },
    timestamp: { type: 'string', format: 'date-time', description: 'When the run finished.' },
    tool: { type: 'string', examples: ['ping'] },
    command: { type: 'string', description: 'What ran, or the description of a built-in implementation.', examples: ['ping -4 -c 4 -W 2 -- 127.0.0.1'] },
    exit_code: { type: ['integer', 'null'], description: 'Null for built-ins, timeouts and spawn failures.' },
    duration_ms: { type: 'integer', minimum: 0 },
    truncated: { type: 'boolean', description: 'True when the 256 KiB output cap was hit.' },
  },
  required: ['output', 'status', 'timestamp', 'tool', 'command', 'exit_code', 'duration_ms', 'truncated'],
  additionalProperties: false,
  examples: [{
    output: 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.04 ms\n…',
    status: 'success', timestamp: '2025-07-27T10:15:30.123Z', tool: 'ping', command: 'ping -4 -c 4 -W 2 -- 127.0.0.1',
    exit_code: 0, duration_ms: 3046, truncated: false,
  }],
} as const;

// Accounts (rest.md §1.1–1.2).
const flag = { type: 'boolean' } as const;

/** rest.md §1.2. */
export const roleProperties = {
  name: { type: 'string', examples: ['admin'] },
  description: { type: 'string' },
  priority: { type: 'integer', description: 'Lower is more privileged; unique.', examples: [2] },
  can_manage_users: flag,
  can_manage_system: flag,
  can_manage_network: flag,
  can_view_all_data: flag,
  can_run_tools: flag,
  can_manage_monitors: flag,
  display_name: { type: 'string', examples: ['Administrator'] },
  is_builtin: flag,
} as const;
export const RoleSchema = { $id: 'Role', description: 'A role and its permission flags (rest.md §1.2).', ...object(roleProperties) } as const;

/** rest.md §1.1. */
export const userProperties = {
  id: { type: 'integer', examples: [1] },
  username: { type: 'string', examples: ['alice'] },
  email: { type: 'string', examples: ['alice@example.com'] },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  is_active: flag,
  date_joined: timestamp,
  last_login: nullable(timestamp),
  profile_image: { ...nullable({ type: 'string' }), description: '`/api/users/<id>/profile-image/` when the user has an image.' },
  role: { type: 'string', description: 'The role name.', examples: ['user'] },
  role_details: { $ref: 'Role#' },
  is_staff: flag,
  is_superuser: flag,
} as const;
export const UserSchema = { $id: 'User', description: 'A user account (rest.md §1.1); never its password.', ...object(userProperties) } as const;

/** The components of the accounts modules (users, roles, auth). */
export const ACCOUNT_COMPONENTS = [RoleSchema, UserSchema] as const;

/** Every shared component; registered before any route refers to one. */
export const SCHEMA_COMPONENTS = [
  ...ACCOUNT_COMPONENTS, notificationComponent, alertComponent, alertRuleComponent, ...NETWORK_COMPONENTS, toolResultComponent,
] as const;

export function registerSchemaComponents(app: FastifyInstance): void {
  for (const schema of SCHEMA_COMPONENTS) app.addSchema(schema);
}
