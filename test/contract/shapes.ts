import { expect } from 'vitest';
import { arrayOf, expectShape, nullable, oneOf, type TypeSpec } from './shape-check.js';

export { arrayOf, expectShape, nullable, oneOf, openObject, recordOf } from './shape-check.js';

/** The representations of rest.md §1 (and metrics.md §5.1, rest.md §6–§7), key order as the spec tables. */
export const Role = {
  name: 'string', description: 'string', priority: 'integer',
  can_manage_users: 'boolean', can_manage_system: 'boolean', can_manage_network: 'boolean', can_view_all_data: 'boolean',
  can_run_tools: 'boolean', can_manage_monitors: 'boolean', display_name: 'string', is_builtin: 'boolean',
} satisfies TypeSpec;

export const User = {
  id: 'integer', username: 'string', email: 'string', first_name: 'string', last_name: 'string', is_active: 'boolean',
  date_joined: 'timestamp', last_login: 'timestamp?', profile_image: 'string?', role: 'string', role_details: Role,
  is_staff: 'boolean', is_superuser: 'boolean',
} satisfies TypeSpec;

export const Notification = {
  id: 'uuid', user: 'integer?', title: 'string', message: 'string?', type: oneOf('info', 'success', 'warning', 'error'),
  timestamp: 'epochMs', is_system: 'boolean', source: 'string', read: 'boolean', target_role: 'string?',
  created_by: 'integer?', created_at: 'timestamp',
} satisfies TypeSpec;

/** The live `notification` event of realtime.md §6. */
export const NotificationEvent = {
  id: 'uuid', title: 'string', message: 'string?', type: oneOf('info', 'success', 'warning', 'error'), timestamp: 'epochMs',
  read: 'boolean', is_system: 'boolean', source: 'string', duration: 'integer', user: 'integer?', target_role: 'string?',
} satisfies TypeSpec;

export const Device = {
  id: 'uuid', label: 'string', type: oneOf('server', 'workstation', 'router', 'switch', 'firewall', 'other'),
  ip: 'string?', mac: 'string?', hostname: 'string?', status: oneOf('online', 'offline', 'warning', 'error'),
  lastSeen: 'timestamp', tags: 'string[]', metadata: 'object', firstSeen: 'timestamp', vendor: 'string?',
  macRandomized: 'boolean', hostnameSource: nullable(oneOf('user', 'rdns', 'mdns', 'netbios', 'nmap')), isIgnored: 'boolean',
  isManuallyAdded: 'boolean', pinnedFields: 'string[]', missedScans: 'integer', createdAt: 'timestamp', updatedAt: 'timestamp',
  last_seen: 'timestamp', is_ignored: 'boolean', is_manually_added: 'boolean', created_at: 'timestamp', updated_at: 'timestamp',
  // Inventory additions (docs/inventory.md), after the keys of rest.md §1.4.
  reviewed: 'boolean', groups: 'string[]', first_seen: 'timestamp',
} satisfies TypeSpec;
export const DEVICE_ALIASES = {
  last_seen: 'lastSeen', is_ignored: 'isIgnored', is_manually_added: 'isManuallyAdded', created_at: 'createdAt', updated_at: 'updatedAt',
  first_seen: 'firstSeen',
};

export const Connection = {
  id: 'uuid', source: 'string', target: 'string', label: 'string?', type: oneOf('wired', 'wireless', 'vpn', 'other'),
  status: oneOf('active', 'inactive', 'warning', 'error'), bandwidth: 'number?', latency: 'number?', packetLoss: 'number?',
  traffic: 'number?', metadata: 'object', inferred: 'boolean', evidence: 'string[]', confidence: 'number',
  createdAt: 'timestamp', updatedAt: 'timestamp', packet_loss: 'number?', created_at: 'timestamp', updated_at: 'timestamp',
} satisfies TypeSpec;
export const CONNECTION_ALIASES = { packet_loss: 'packetLoss', created_at: 'createdAt', updated_at: 'updatedAt' };

export const Scan = {
  id: 'uuid', timestamp: 'timestamp', status: oneOf('queued', 'in-progress', 'completed', 'failed', 'cancelled', 'interrupted'),
  discoveredDevices: 'integer', duration: 'number?', isStale: 'boolean', errorMessage: 'string?',
  scanType: oneOf('basic', 'intense', 'full'), ipRange: 'string?', targets: 'string[]', progress: 'integer', phase: 'string',
  jobId: 'string', newDevices: 'integer', offlineDevices: 'integer', warning: 'string?', startedBy: 'integer?',
  targetDeviceId: 'string?', startedAt: 'timestamp?', finishedAt: 'timestamp?', scanMethod: oneOf('nmap'), worker: 'string?',
  createdAt: 'timestamp', updatedAt: 'timestamp', discovered_devices: 'integer', error_message: 'string?', ip_range: 'string?',
  scan_method: 'string', created_at: 'timestamp', updated_at: 'timestamp',
} satisfies TypeSpec;
export const SCAN_ALIASES = {
  discovered_devices: 'discoveredDevices', error_message: 'errorMessage', ip_range: 'ipRange', scan_method: 'scanMethod',
  created_at: 'createdAt', updated_at: 'updatedAt',
};

export const Topology = {
  devices: arrayOf(Device), connections: arrayOf(Connection), lastScan: nullable(Scan), activeScanInProgress: 'boolean',
} satisfies TypeSpec;

export const Alert = {
  id: 'uuid', created_at: 'timestamp', updated_at: 'timestamp', timestamp: 'timestamp', title: 'string', message: 'string',
  severity: oneOf('low', 'medium', 'high', 'critical'), status: oneOf('new', 'acknowledged', 'resolved'), source: 'string',
  rule: 'string?', metric: 'string?', target: 'string?', host: 'string?', value: 'number?', threshold: 'number?',
  peak_value: 'number?', acknowledged_by: 'integer?', acknowledged_at: 'timestamp?', resolved_at: 'timestamp?',
} satisfies TypeSpec;

export const AlertRule = {
  id: 'uuid', name: 'string',
  metric: oneOf('cpu_usage', 'memory_usage', 'swap_usage', 'filesystem_usage', 'load_per_core', 'network_rx', 'network_tx', 'temperature'),
  target: 'string?', warning_threshold: 'number?', critical_threshold: 'number?', duration_seconds: 'integer', hysteresis: 'number',
  cooldown_seconds: 'integer', enabled: 'boolean', notify: 'boolean', is_builtin: 'boolean', created_at: 'timestamp', updated_at: 'timestamp',
  channels: arrayOf('uuid'), hosts: arrayOf('string'),
} satisfies TypeSpec;

export const MetricsSample = {
  id: 'integer', created_at: 'timestamp', updated_at: 'timestamp', timestamp: 'timestamp', cpu_usage: 'number',
  memory_usage: 'number', disk_usage: 'number', network_rx: 'number', network_tx: 'number', resolution: oneOf('minute', 'hour', 'day'),
  load_1: 'number?', swap_usage: 'number?', process_count: 'number?', cpu_temperature: 'number?', host: 'string',
} satisfies TypeSpec;

export const Session = {
  id: 'uuid', created_at: 'timestamp', last_used_at: 'timestamp', expires_at: 'timestamp', ip_address: 'string?',
  user_agent: 'string?', current: 'boolean',
} satisfies TypeSpec;

export const LoginAttempt = {
  id: 'integer', username: 'string', ip_address: 'string?', user_agent: 'string?', timestamp: 'timestamp', was_successful: 'boolean',
  outcome: oneOf('success', 'invalid_credentials', 'inactive', 'locked_out', 'invalid_request'),
} satisfies TypeSpec;

const MIN_TYPE = oneOf('info', 'warning', 'error');
export const Webhook = {
  id: 'uuid', name: 'string', url: 'string', enabled: 'boolean', min_type: oneOf('info', 'success', 'warning', 'error'),
  sources: nullable('string[]'), secret_set: 'boolean', created_at: 'timestamp', updated_at: 'timestamp',
  last_delivery_at: 'timestamp?', last_status: nullable(oneOf('delivered', 'failed')),
} satisfies TypeSpec;

export const SmtpSettings = {
  enabled: 'boolean', host: 'string?', port: 'integer', username: 'string?', password_set: 'boolean',
  security: oneOf('starttls', 'tls', 'none'), from_email: 'string?', from_name: 'string',
  source: oneOf('database', 'environment', 'none'), last_tested_at: 'timestamp?', last_test_ok: nullable('boolean'),
} satisfies TypeSpec;

export const Delivery = {
  id: 'uuid', notification: 'uuid?', channel: 'string', recipient: 'string',
  status: oneOf('pending', 'sending', 'delivered', 'failed'), attempts: 'integer', next_attempt_at: 'timestamp?',
  last_error: 'string?', created_at: 'timestamp', delivered_at: 'timestamp?',
  // monitoring.md §5: deliveries of notification channels name their channel and event (null otherwise).
  channel_id: 'uuid?', channel_name: 'string?', event: 'string?',
} satisfies TypeSpec;

export const NotificationPreferences = { email: { enabled: 'boolean', min_type: MIN_TYPE } } satisfies TypeSpec;

/** `{count, next, previous, results}` (rest.md pagination), optionally with `unread_count` after `count`. */
export function Page(item: TypeSpec, opts: { unreadCount?: boolean } = {}): TypeSpec {
  return opts.unreadCount
    ? { count: 'integer', unread_count: 'integer', next: 'url?', previous: 'url?', results: arrayOf(item) }
    : { count: 'integer', next: 'url?', previous: 'url?', results: arrayOf(item) };
}

/** The error body of README §Errors: `{detail, code}` last, after any documented field lists. */
export function expectError(body: unknown, code: string, detail?: string, fields: string[] = []): void {
  const spec: Record<string, TypeSpec> = {};
  for (const f of fields) spec[f] = 'string[]';
  spec.detail = detail === undefined ? 'string' : oneOf(detail);
  spec.code = oneOf(code);
  expectShape(body, spec, `error ${code}`);
}

/** A 400 validation error: field lists (each a non-empty list of strings), then `detail` ("<field>: <msg>") and `code`. */
export function expectInvalid(body: Record<string, unknown>, field?: string): void {
  const keys = Object.keys(body);
  expect(keys.slice(-2)).toEqual(['detail', 'code']);
  expect(body.code).toBe('invalid');
  const fields = keys.slice(0, -2);
  for (const f of fields) expectShape(body[f], arrayOf('string', { min: 1 }), f);
  if (field) {
    expect(fields).toContain(field);
    expect(body.detail).toBe(`${fields[0]}: ${(body[fields[0]] as string[])[0]}`);
  }
}

/** camelCase keys and their snake_case aliases carry the same values. */
export function expectAliases(obj: Record<string, unknown>, aliases: Record<string, string>): void {
  for (const [snake, camel] of Object.entries(aliases)) expect(obj[snake], `${snake} = ${camel}`).toEqual(obj[camel]);
}

/** A socket error ack (realtime.md §3): `message` and `error` carry the same text; `extra` keys come first. */
export function expectErrorAck(ack: unknown, code: string, message?: string, extra: Record<string, TypeSpec> = {}): void {
  const text = message === undefined ? 'string' : oneOf(message);
  expectShape(ack, { status: oneOf('error'), message: text, error: text, code: oneOf(code), ...extra }, `error ack ${code}`);
  const { message: m, error: e } = ack as { message: string; error: string };
  expect(e).toBe(m);
}

export const PERMISSION_DENIED = 'You do not have permission to perform this action.';
