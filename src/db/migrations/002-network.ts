import { Table, createIndex, type Dialect } from '../ddl.js';

const DEVICES = 'network_devices(id)';
const USERS = 'users(id)';

export function network(d: Dialect): string[] {
  const devices = new Table('network_devices')
    .uuid('id', { primaryKey: true })
    .text('label', 100)
    .text('type', 20, { default: 'other', oneOf: ['server', 'workstation', 'router', 'switch', 'firewall', 'other'] })
    .text('ip', 45, { nullable: true })
    .text('mac', 17, { nullable: true, unique: true })
    .text('hostname', 255, { nullable: true })
    .text('hostname_source', 10, { nullable: true, oneOf: ['user', 'rdns', 'mdns', 'netbios', 'nmap'] })
    .text('vendor', 255, { nullable: true })
    .bool('mac_randomized', { default: false })
    .text('status', 20, { default: 'offline', oneOf: ['online', 'offline', 'warning', 'error'] })
    .ts('first_seen')
    .ts('last_seen')
    .int('missed_scans', { default: 0 })
    .bool('is_ignored', { default: false })
    .bool('is_manually_added', { default: false })
    .json('pinned_fields', { default: [] })
    .json('tags', { default: [] })
    .json('metadata', { default: {} })
    .timestamps();

  const connections = new Table('network_connections')
    .uuid('id', { primaryKey: true })
    .uuid('source_id', { references: DEVICES, onDelete: 'CASCADE' })
    .uuid('target_id', { references: DEVICES, onDelete: 'CASCADE' })
    .text('pair_key', 73, { unique: true })
    .text('label', 100, { nullable: true })
    .text('type', 20, { default: 'wired', oneOf: ['wired', 'wireless', 'vpn', 'other'] })
    .text('status', 20, { default: 'inactive', oneOf: ['active', 'inactive', 'warning', 'error'] })
    .float('bandwidth', { nullable: true })
    .float('latency', { nullable: true })
    .float('packet_loss', { nullable: true })
    .float('traffic', { nullable: true })
    .json('metadata', { default: {} })
    .bool('inferred', { default: false })
    .json('evidence', { default: [] })
    .float('confidence', { default: 1.0 })
    .timestamps()
    .check('source_id <> target_id');

  const suppressions = new Table('connection_suppressions')
    .uuid('device_a_id', { references: DEVICES, onDelete: 'CASCADE' })
    .uuid('device_b_id', { references: DEVICES, onDelete: 'CASCADE' })
    .ts('created_at')
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .primaryKey('device_a_id', 'device_b_id');

  const scans = new Table('network_scans')
    .uuid('id', { primaryKey: true })
    .uuid('job_id')
    .ts('timestamp')
    .text('status', 20, { default: 'queued', oneOf: ['queued', 'in-progress', 'completed', 'failed', 'cancelled', 'interrupted'] })
    .text('scan_type', 10, { default: 'basic', oneOf: ['basic', 'intense', 'full'] })
    .text('ip_range', 1000, { nullable: true })
    .json('targets', { default: [] })
    .text('target_set_key', 64)
    .uuid('target_device_id', { nullable: true, references: DEVICES, onDelete: 'SET NULL' })
    .json('options', { default: {} })
    .int('progress', { default: 0 })
    .text('phase', 20, { default: 'queued' })
    .int('discovered_devices', { default: 0 })
    .int('new_devices', { default: 0 })
    .int('offline_devices', { default: 0 })
    .float('duration', { nullable: true })
    .ts('started_at', { nullable: true })
    .ts('finished_at', { nullable: true })
    .text('error_message', undefined, { nullable: true })
    .text('warning', undefined, { nullable: true })
    .text('scan_method', 100, { default: 'nmap' })
    .bigint('started_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .text('worker', 100, { nullable: true })
    .timestamps();

  const scanDevices = new Table('network_scan_devices')
    .uuid('scan_id', { references: 'network_scans(id)', onDelete: 'CASCADE' })
    .uuid('device_id', { references: DEVICES, onDelete: 'CASCADE' })
    .bool('observed')
    .text('observed_ip', 45, { nullable: true })
    .bool('is_new')
    .bool('went_offline')
    .primaryKey('scan_id', 'device_id');

  return [
    devices.render(d),
    createIndex('network_devices', ['ip']),
    createIndex('network_devices', ['last_seen']),
    connections.render(d),
    createIndex('network_connections', ['source_id']),
    createIndex('network_connections', ['target_id']),
    suppressions.render(d),
    scans.render(d),
    createIndex('network_scans', ['status']),
    createIndex('network_scans', ['timestamp']),
    createIndex('network_scans', ['target_set_key'], {
      unique: true, where: "status IN ('queued', 'in-progress')", name: 'network_scans_active_target_set_uniq',
    }),
    scanDevices.render(d),
    createIndex('network_scan_devices', ['device_id']),
  ];
}
