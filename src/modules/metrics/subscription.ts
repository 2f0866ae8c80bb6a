import { badRequest } from '../../errors.js';
import { METRICS_GROUPS, type MetricsGroup } from '../../system/metrics/snapshot.js';

export const MAX_INTERVAL_SECONDS = 60;

/** Groups as the client names them: `core` (the flat keys, always sent) plus the extended groups. */
export const CLIENT_GROUPS = ['core', ...METRICS_GROUPS] as const;

/** `groups` of subscribe_metrics / get_current_metrics → the extended groups to send (realtime.md §5). */
export function parseGroups(raw: unknown): MetricsGroup[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) throw badRequest('groups must be a non-empty list of metrics groups');
  const picked = new Set<MetricsGroup>();
  for (const name of raw) {
    if (name === 'core') continue;
    if (typeof name !== 'string' || !(METRICS_GROUPS as readonly string[]).includes(name)) {
      throw badRequest(`Unknown metrics group: ${typeof name === 'string' ? name : JSON.stringify(name)}`);
    }
    picked.add(name as MetricsGroup);
  }
  return METRICS_GROUPS.filter((g) => picked.has(g));
}

/** `interval` in seconds, raised to the floor and lowered to 60. */
export function parseInterval(raw: unknown, floorSeconds: number): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw badRequest('interval must be a number of seconds');
  return Math.min(MAX_INTERVAL_SECONDS, Math.max(floorSeconds, raw));
}

/** The group list of an ack: `core` first, then the extended groups in their canonical order. */
export const groupList = (groups: readonly MetricsGroup[]): string[] => ['core', ...groups];
