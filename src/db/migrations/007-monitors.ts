import { Table, createIndex, type Dialect } from '../ddl.js';

const USERS = 'users(id)';
// As in modules/monitors/monitor-types.ts (the database layer does not import modules).
const MONITOR_TYPES = ['http', 'keyword', 'json-query', 'tcp', 'ping', 'dns', 'tls', 'push', 'device'];
const MONITOR_STATUSES = ['pending', 'up', 'down', 'maintenance', 'paused'];

/**
 * Uptime monitors, maintenance windows and status pages (monitoring.md §2–4). A monitor row holds its definition
 * and its run state (status, consecutive failures, down checks since the last notification), so a restart resumes
 * where it stopped. The basic-auth password is encrypted like every stored secret (crypto/secrets.ts).
 */
export function monitors(d: Dialect): string[] {
  const monitor = new Table('monitors')
    .uuid('id', { primaryKey: true })
    .text('name', 120)
    .text('name_normalized', 120, { unique: true })
    .text('type', 20, { oneOf: MONITOR_TYPES })
    .text('target', 2048, { nullable: true })
    .int('port', { nullable: true })
    .int('interval_s', { default: 60 })
    .float('timeout_s')
    .int('retries', { default: 0 })
    .int('retry_interval_s')
    .int('resend_every', { default: 0 })
    .json('http', { nullable: true })
    .text('http_password_encrypted', undefined, { nullable: true })
    .text('keyword', 1024, { nullable: true })
    .bool('invert_keyword', { default: false })
    .text('json_path', 1024, { nullable: true })
    .text('expected_value', 1024, { nullable: true })
    .json('dns', { nullable: true })
    .int('tls_expiry_days', { default: 0 })
    .uuid('device_id', { nullable: true, references: 'network_devices(id)', onDelete: 'SET NULL' })
    .text('push_token', 32, { nullable: true, unique: true })
    .json('tags', { default: [] })
    .json('channels', { default: [] })
    .bool('active', { default: true })
    .text('status', 12, { default: 'pending', oneOf: MONITOR_STATUSES })
    .ts('status_since', { nullable: true })
    .int('failures', { default: 0 })
    .int('down_checks', { default: 0 })
    .ts('last_checked_at', { nullable: true })
    .float('last_response_ms', { nullable: true })
    .text('last_message', undefined, { default: '' })
    .ts('cert_expires_at', { nullable: true })
    .ts('last_push_at', { nullable: true })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .timestamps();

  const maintenance = new Table('maintenance_windows')
    .uuid('id', { primaryKey: true })
    .text('title', 200)
    .text('description', undefined, { default: '' })
    .json('monitors', { default: [] })
    .bool('all_monitors', { default: false })
    .ts('starts_at', { nullable: true })
    .ts('ends_at', { nullable: true })
    .json('recurrence', { nullable: true })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .timestamps();

  const statusPages = new Table('status_pages')
    .uuid('id', { primaryKey: true })
    .text('slug', 64, { unique: true })
    .text('title', 200)
    .text('description', undefined, { default: '' })
    .json('monitors', { default: [] })
    .bool('published', { default: false })
    .bool('show_response_times', { default: false })
    .text('footer', undefined, { default: '' })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .timestamps();

  return [
    monitor.render(d), maintenance.render(d), statusPages.render(d),
    createIndex('monitors', ['status']),
    createIndex('monitors', ['device_id']),
  ];
}
