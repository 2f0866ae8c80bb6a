import { Table, createIndex, type Dialect } from '../ddl.js';

const DEVICES = 'network_devices(id)';

/**
 * The inventory keeps itself current (docs/inventory.md): scan schedules, per-device presence sessions and
 * IP/hostname changes, and the review flag and groups of devices. Devices known before this migration count as
 * reviewed: only devices discovered from now on enter the "new devices" queue.
 */
export function inventory(d: Dialect): string[] {
  const pg = d === 'postgres';
  const deviceColumns = pg
    ? [
      'ALTER TABLE network_devices ADD COLUMN reviewed boolean NOT NULL DEFAULT true',
      // `groups` is a keyword in both engines' window syntax.
      "ALTER TABLE network_devices ADD COLUMN group_names jsonb NOT NULL DEFAULT '[]'::jsonb",
    ]
    : [
      'ALTER TABLE network_devices ADD COLUMN reviewed INTEGER NOT NULL DEFAULT 1 CHECK (reviewed IN (0, 1))',
      "ALTER TABLE network_devices ADD COLUMN group_names TEXT NOT NULL DEFAULT '[]'",
    ];

  const presence = new Table('network_device_presence')
    .serial('id')
    .uuid('device_id', { references: DEVICES, onDelete: 'CASCADE' })
    .text('status', 10, { oneOf: ['online', 'offline'] })
    .ts('started_at')
    .ts('ended_at', { nullable: true });

  const changes = new Table('network_device_changes')
    .serial('id')
    .uuid('device_id', { references: DEVICES, onDelete: 'CASCADE' })
    .text('field', 20, { oneOf: ['ip', 'hostname'] })
    .text('old_value', 255, { nullable: true })
    .text('new_value', 255, { nullable: true })
    .text('source', 10, { oneOf: ['scan', 'user'] })
    .uuid('scan_id', { nullable: true, references: 'network_scans(id)', onDelete: 'SET NULL' })
    .ts('changed_at');

  const schedules = new Table('network_scan_schedules')
    .uuid('id', { primaryKey: true })
    .text('name', 100)
    .text('name_normalized', 100, { unique: true })
    .text('ip_range', 1000)
    .text('scan_type', 10, { default: 'basic', oneOf: ['basic', 'intense', 'full'] })
    .int('every_minutes', { nullable: true })
    .text('rrule', 500, { nullable: true })
    .text('timezone', 64, { default: 'UTC' })
    .bool('enabled', { default: true })
    .ts('last_run_at', { nullable: true })
    .ts('next_run_at', { nullable: true })
    .uuid('last_scan_id', { nullable: true, references: 'network_scans(id)', onDelete: 'SET NULL' })
    .text('last_error', undefined, { nullable: true })
    .timestamps()
    .check('(every_minutes IS NULL) <> (rrule IS NULL)');

  return [
    ...deviceColumns,
    presence.render(d),
    createIndex('network_device_presence', ['device_id', 'started_at']),
    // One open session per device: two scans saving the same device at once cannot both open one.
    createIndex('network_device_presence', ['device_id'], { unique: true, where: 'ended_at IS NULL', name: 'network_device_presence_open_uniq' }),
    changes.render(d),
    createIndex('network_device_changes', ['device_id', 'changed_at']),
    schedules.render(d),
    createIndex('network_scan_schedules', ['next_run_at']),
  ];
}
