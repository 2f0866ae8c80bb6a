import type { MonitorStatus } from '../monitor-types.js';

/**
 * A page's overall status (monitoring.md §4): `down` when every checked monitor is down, `degraded` when some are,
 * `maintenance` when every one is in maintenance, else `up` (retrying counts as up). Paused monitors are left out;
 * a page of only paused or unchecked monitors is `up`.
 */
export function overallStatus(statuses: readonly MonitorStatus[]): 'up' | 'degraded' | 'down' | 'maintenance' {
  const shown = statuses.filter((s) => s !== 'paused');
  if (!shown.length) return 'up';
  if (shown.every((s) => s === 'maintenance')) return 'maintenance';
  const down = shown.filter((s) => s === 'down').length;
  if (down === shown.length) return 'down';
  if (down > 0) return 'degraded';
  return 'up';
}
