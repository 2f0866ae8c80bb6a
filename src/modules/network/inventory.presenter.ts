import { wireTime } from '../../db/values.js';
import type { DeviceChange, PresenceSession } from './device-history.repository.js';
import type { Schedule } from './schedules.repository.js';

/** docs/inventory.md, scan schedules. */
export function presentSchedule(s: Schedule) {
  return {
    id: s.id, name: s.name, ip_range: s.ipRange, scan_type: s.scanType, every_minutes: s.everyMinutes, rrule: s.rrule,
    timezone: s.timezone, enabled: s.enabled, last_run_at: wireTime(s.lastRunAt), next_run_at: wireTime(s.nextRunAt),
    last_scan_id: s.lastScanId, last_error: s.lastError, created_at: wireTime(s.createdAt), updated_at: wireTime(s.updatedAt),
  };
}
export type ScheduleView = ReturnType<typeof presentSchedule>;

export function presentSession(s: PresenceSession) {
  return { started_at: wireTime(s.startedAt), ended_at: wireTime(s.endedAt), status: s.status };
}
export type SessionView = ReturnType<typeof presentSession>;

export function presentChange(c: DeviceChange) {
  return {
    changed_at: wireTime(c.changedAt), field: c.field, old_value: c.oldValue, new_value: c.newValue, source: c.source, scan_id: c.scanId,
  };
}
export type ChangeView = ReturnType<typeof presentChange>;
