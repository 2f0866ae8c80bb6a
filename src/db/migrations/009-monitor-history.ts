import { Table, createIndex, type Dialect } from '../ddl.js';

const MONITORS = 'monitors(id)';
/** Buckets of the response-time histogram of every aggregate row (their bounds: modules/monitors/history/aggregates.ts). */
const HISTOGRAM_BUCKETS = 16;

/**
 * Heartbeats and their aggregates (monitoring.md §2.3): raw beats, per-minute, per-hour and per-day counts kept
 * up to date as beats arrive, and incidents (down periods).
 */
export function monitorHistory(d: Dialect): string[] {
  const beats = new Table('monitor_heartbeats')
    .serial('id')
    .uuid('monitor_id', { references: MONITORS, onDelete: 'CASCADE' })
    .ts('time')
    .text('status', 12, { oneOf: ['up', 'down', 'pending', 'maintenance'] })
    .float('response_ms', { nullable: true })
    .text('message', undefined, { default: '' })
    .bool('important', { default: false });

  const tier = (name: string) => {
    const t = new Table(name)
      .uuid('monitor_id', { references: MONITORS, onDelete: 'CASCADE' })
      .ts('bucket')
      .int('up', { default: 0 }).int('down', { default: 0 }).int('pending', { default: 0 }).int('maintenance', { default: 0 })
      .float('rt_sum', { default: 0 }).int('rt_count', { default: 0 }).float('rt_max', { nullable: true });
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) t.int(`h${i}`, { default: 0 });
    return t.primaryKey('monitor_id', 'bucket').render(d);
  };

  const incidents = new Table('monitor_incidents')
    .uuid('id', { primaryKey: true })
    .uuid('monitor_id', { references: MONITORS, onDelete: 'CASCADE' })
    .ts('started_at')
    .ts('ended_at', { nullable: true })
    .text('message', undefined, { default: '' });

  return [
    beats.render(d), tier('monitor_minutes'), tier('monitor_hours'), tier('monitor_days'), incidents.render(d),
    createIndex('monitor_heartbeats', ['monitor_id', 'time']),
    createIndex('monitor_heartbeats', ['time']),
    createIndex('monitor_incidents', ['monitor_id', 'started_at']),
    createIndex('monitor_incidents', ['monitor_id'], { name: 'monitor_incidents_open_idx', where: 'ended_at IS NULL' }),
  ];
}
