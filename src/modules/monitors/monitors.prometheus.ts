import { family, type Sample } from '../../system/metrics/prometheus.js';
import type { StoredMonitor } from './monitors.repository.js';

/**
 * Prometheus families of the monitors, appended to `GET /metrics` (metrics.md §6): up (1/0), the status as a
 * label, the last response time, and the certificate expiry of monitors that have one.
 */
/** What the scheduler reports of itself (scheduler/monitor-scheduler.ts `stats()`). */
export interface SchedulerFigures {
  completed: number; missed: number; abandoned: number; inFlight: number; queued: number;
  lateness: { p50: number; p99: number; max: number };
}

export function monitorsPrometheus(monitors: Iterable<StoredMonitor>, scheduler: SchedulerFigures): string {
  const up: Sample[] = [];
  const status: Sample[] = [];
  const response: Sample[] = [];
  const cert: Sample[] = [];
  for (const m of monitors) {
    const labels = { name: m.name, type: m.type };
    up.push({ labels, value: m.status === 'up' ? 1 : 0 });
    status.push({ labels: { ...labels, status: m.status }, value: 1 });
    if (m.last_response_ms !== null) response.push({ labels, value: m.last_response_ms });
    if (m.cert_expires_at) cert.push({ labels, value: Math.floor(Date.parse(m.cert_expires_at) / 1000) });
  }
  if (!up.length) return '';
  const lateness = [['0.5', scheduler.lateness.p50], ['0.99', scheduler.lateness.p99], ['1', scheduler.lateness.max]] as const;
  return [
    family('everyst_monitor_checks_total', 'counter', 'Checks run since start.', [{ value: scheduler.completed }]),
    family('everyst_monitor_checks_missed_total', 'counter', 'Checks skipped because the previous one of the same monitor still ran.', [{ value: scheduler.missed }]),
    family('everyst_monitor_checks_in_flight', 'gauge', 'Checks running now.', [{ value: scheduler.inFlight }]),
    family('everyst_monitor_check_lateness_ms', 'gauge', 'How late checks started after their due time (recent checks).',
      lateness.map(([quantile, value]) => ({ labels: { quantile }, value }))),
    family('everyst_monitor_up', 'gauge', 'Whether the monitor is up (1) or not (0).', up),
    family('everyst_monitor_status', 'gauge', 'The monitor\'s status (pending, up, down, maintenance or paused) as a label.', status),
    family('everyst_monitor_response_ms', 'gauge', 'Response time of the last check in milliseconds.', response),
    family('everyst_monitor_cert_expiry_timestamp_seconds', 'gauge', 'When the served TLS certificate expires (Unix time).', cert),
  ].join('\n');
}
