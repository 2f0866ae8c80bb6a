import { FieldErrorCollector } from '../../../errors.js';
import { REQUIRED, readBool, readInt, readStringList, readText, type Body } from '../monitor-fields.js';
import { parseRule } from './maintenance-calendar.js';
import type { MaintenanceValues } from './maintenance-types.js';
import { isTimeZone } from '../../../system/calendar/wall-clock.js';

const MAX_DURATION_S = 31 * 86_400;

function readTime(body: Body, field: string, errors: FieldErrorCollector): string | null | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (v === null) return null;
  const ms = typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? Date.parse(v) : NaN;
  if (!Number.isFinite(ms)) {
    errors.add(field, 'Datetime has wrong format. Use ISO 8601, e.g. 2026-12-24T22:00:00Z.');
    return undefined;
  }
  return new Date(ms).toISOString();
}

function readRecurrence(body: Body, errors: FieldErrorCollector, current: MaintenanceValues['recurrence']): MaintenanceValues['recurrence'] {
  if (!('recurrence' in body)) return current;
  const raw = body.recurrence;
  if (raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.add('recurrence', 'Must be an object with rrule, duration_s and timezone, or null.');
    return current;
  }
  const r = raw as Body;
  const sub = new FieldErrorCollector();
  const rrule = readText(r, 'rrule', sub, { max: 500 });
  if (rrule === undefined && !('rrule' in r)) sub.add('rrule', REQUIRED);
  const duration = readInt(r, 'duration_s', sub, 60, MAX_DURATION_S);
  if (duration === undefined && !('duration_s' in r)) sub.add('duration_s', REQUIRED);
  const timezone = readText(r, 'timezone', sub, { max: 64 }) ?? (!('timezone' in r) ? 'UTC' : undefined);
  if (typeof timezone === 'string' && !isTimeZone(timezone)) sub.add('timezone', `"${timezone}" is not a known time zone.`);
  if (typeof rrule === 'string') {
    try {
      parseRule(rrule, new Date(), typeof timezone === 'string' && isTimeZone(timezone) ? timezone : 'UTC');
    } catch (e) {
      sub.add('rrule', `Not a valid RRULE: ${(e as Error).message.slice(0, 160)}`);
    }
  }
  for (const [field, messages] of sub.entries()) for (const m of messages) errors.add('recurrence', `${field}: ${m}`);
  if (sub.has()) return current;
  return { rrule: rrule as string, duration_s: duration as number, timezone: timezone as string };
}

/** A maintenance window of monitoring.md §3 (create, PUT with `full`, PATCH); 400 naming every bad field. */
export function validateWindow(body: Body, existing: MaintenanceValues | undefined, full: boolean, monitorExists: (id: string) => boolean): MaintenanceValues {
  const errors = new FieldErrorCollector();
  const out: MaintenanceValues = existing
    ? { ...existing }
    : { title: '', description: '', monitors: [], all_monitors: false, starts_at: null, ends_at: null, recurrence: null };
  const required = full || !existing;
  const title = readText(body, 'title', errors, { max: 200 });
  if (title === undefined && required && !('title' in body)) errors.add('title', REQUIRED);
  if (typeof title === 'string') out.title = title;
  const description = readText(body, 'description', errors, { max: 5000, blank: true });
  if (typeof description === 'string') out.description = description;
  const monitors = readStringList(body, 'monitors', errors, { maxItems: 5000, item: (id) => (monitorExists(id) ? null : `Invalid pk "${id.slice(0, 64)}" - object does not exist.`) });
  if (monitors) out.monitors = monitors;
  const all = readBool(body, 'all_monitors', errors);
  if (all !== undefined) out.all_monitors = all;
  const starts = readTime(body, 'starts_at', errors);
  if (starts !== undefined) out.starts_at = starts;
  const ends = readTime(body, 'ends_at', errors);
  if (ends !== undefined) out.ends_at = ends;
  out.recurrence = readRecurrence(body, errors, out.recurrence);

  if (!errors.has()) {
    if (!out.all_monitors && !out.monitors.length) errors.add('monitors', 'Choose at least one monitor, or set all_monitors.');
    if (!out.starts_at) errors.add('starts_at', out.recurrence ? 'A recurrence starts at starts_at: it is required.' : REQUIRED);
    else if (!out.recurrence && !out.ends_at) errors.add('ends_at', REQUIRED);
    else if (out.ends_at && Date.parse(out.ends_at) <= Date.parse(out.starts_at)) errors.add('ends_at', 'ends_at must be after starts_at.');
  }
  errors.throwIfAny();
  return out;
}
