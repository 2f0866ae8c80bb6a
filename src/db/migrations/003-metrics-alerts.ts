import { Table, createIndex, type Dialect } from '../ddl.js';
import { BUILTIN_ALERT_RULES } from '../seeds.js';

const USERS = 'users(id)';
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const METRICS = ['cpu_usage', 'memory_usage', 'swap_usage', 'filesystem_usage', 'load_per_core', 'network_rx', 'network_tx', 'temperature'];

export function metricsAndAlerts(d: Dialect): string[] {
  const samples = new Table('system_metrics')
    .serial('id')
    .text('host', 64)
    .text('resolution', 6, { oneOf: ['minute', 'hour', 'day'] })
    .ts('timestamp');
  for (const c of ['cpu_usage', 'memory_usage', 'disk_usage', 'swap_usage', 'network_rx', 'network_tx', 'load_1', 'process_count']) samples.float(c);
  samples.float('cpu_temperature', { nullable: true });
  for (const c of ['memory_used_bytes', 'disk_read_bytes_per_sec', 'disk_write_bytes_per_sec']) samples.float(c);
  for (const c of ['cpu_usage_max', 'memory_usage_max', 'network_rx_max', 'network_tx_max', 'load_1_max', 'cpu_temperature_max']) {
    samples.float(c, { nullable: true });
  }
  samples.int('sample_count').ts('created_at');

  const rules = new Table('alert_rules')
    .uuid('id', { primaryKey: true })
    .text('name', 100, { unique: true })
    .text('metric', 20, { oneOf: METRICS })
    .text('target', 255, { nullable: true })
    .float('warning_threshold', { nullable: true })
    .float('critical_threshold', { nullable: true })
    .int('duration_seconds', { default: 0 })
    .float('hysteresis', { default: 5 })
    .int('cooldown_seconds', { default: 300 })
    .bool('enabled', { default: true })
    .bool('notify', { default: true })
    .bool('is_builtin', { default: false })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .timestamps()
    .check('warning_threshold IS NOT NULL OR critical_threshold IS NOT NULL');

  const alerts = new Table('alerts')
    .uuid('id', { primaryKey: true })
    .ts('timestamp')
    .text('title', 200)
    .text('message')
    .text('severity', 10, { default: 'medium', oneOf: SEVERITIES })
    .text('status', 20, { default: 'new', oneOf: ['new', 'acknowledged', 'resolved'] })
    .text('source', 100)
    .uuid('rule_id', { nullable: true, references: 'alert_rules(id)', onDelete: 'SET NULL' })
    .text('instance_key', 400, { nullable: true })
    .text('host', 64, { nullable: true })
    .text('metric', 20, { nullable: true })
    .text('target', 255, { nullable: true })
    .float('value', { nullable: true })
    .float('threshold', { nullable: true })
    .float('peak_value', { nullable: true })
    .float('resolved_value', { nullable: true })
    .bigint('acknowledged_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .ts('acknowledged_at', { nullable: true })
    .ts('resolved_at', { nullable: true })
    .timestamps();

  const security = new Table('security_snapshots')
    .uuid('id', { primaryKey: true })
    .ts('timestamp')
    .text('host', 64)
    .int('score')
    .text('status', 10, { oneOf: ['success', 'warning', 'error'] })
    .json('checks')
    .json('listening', { default: [] });

  return [
    samples.render(d),
    createIndex('system_metrics', ['host', 'resolution', 'timestamp'], { unique: true }),
    rules.render(d),
    ...BUILTIN_ALERT_RULES.map((r) => r.insertSql(d)),
    alerts.render(d),
    createIndex('alerts', ['status']),
    createIndex('alerts', ['timestamp']),
    createIndex('alerts', ['host']),
    createIndex('alerts', ['instance_key'], { unique: true, where: "status <> 'resolved'", name: 'alerts_open_instance_uniq' }),
    security.render(d),
    createIndex('security_snapshots', ['host', 'timestamp']),
  ];
}
