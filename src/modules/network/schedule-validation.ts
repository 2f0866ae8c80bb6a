import { FieldErrorCollector } from '../../errors.js';
import { SCAN_TYPES, type ScanType } from '../../system/network/nmap-args.js';
import { BLANK, boolean, invalidChoice, NOT_NULL, NOT_STRING, text, tooLong, type Body } from './field-rules.js';
import { isTimeZone, MAX_EVERY_MINUTES, MIN_EVERY_MINUTES } from './schedule-recurrence.js';

export const NAME_TAKEN = 'A schedule with this name already exists.';
export const BOTH_TIMINGS = 'Give either every_minutes or rrule, not both.';
export const NO_TIMING = `Give every_minutes (${MIN_EVERY_MINUTES}–${MAX_EVERY_MINUTES}) or an rrule.`;
const RRULE_MAX = 500;

/** The fields a schedule body supplied, checked one by one; `null` clears every_minutes or rrule. */
export interface ScheduleInput {
  name?: string;
  ipRange?: string;
  scanType?: ScanType;
  everyMinutes?: number | null;
  rrule?: string | null;
  timezone?: string;
  enabled?: boolean;
}

function everyMinutes(value: unknown, errors: FieldErrorCollector): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'number' || !Number.isInteger(value)) errors.add('every_minutes', 'A valid integer is required.');
  else if (value < MIN_EVERY_MINUTES) errors.add('every_minutes', `Ensure this value is greater than or equal to ${MIN_EVERY_MINUTES}.`);
  else if (value > MAX_EVERY_MINUTES) errors.add('every_minutes', `Ensure this value is less than or equal to ${MAX_EVERY_MINUTES}.`);
  else return value;
  return undefined;
}

function rruleText(value: unknown, errors: FieldErrorCollector): string | null | undefined {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'string') errors.add('rrule', NOT_STRING);
  else if (value.trim() === '') return null;
  else if (value.length > RRULE_MAX) errors.add('rrule', tooLong(RRULE_MAX));
  else return value.trim().toUpperCase().replace(/^RRULE:/, '');
  return undefined;
}

/**
 * Create and PUT need `name`, `ip_range` and a timing; PATCH takes any of the fields. Whether the timing is whole
 * (exactly one of every_minutes and rrule, a rule that runs) is decided once the body is merged with the stored
 * schedule (schedules.service.ts); whether `ip_range` may be scanned, by the scan target rules.
 */
export function parseScheduleInput(body: Body, mode: 'create' | 'put' | 'patch'): ScheduleInput {
  const errors = new FieldErrorCollector();
  const required = mode !== 'patch';
  const input: ScheduleInput = {};
  const name = text(body, 'name', 100, required, errors);
  if (name !== undefined) {
    if (name.trim() === '') errors.add('name', BLANK);
    else input.name = name.trim();
  }
  const ipRange = text(body, 'ip_range', 1000, required, errors);
  if (ipRange !== undefined) {
    if (ipRange.trim() === '') errors.add('ip_range', BLANK);
    else input.ipRange = ipRange.trim();
  }
  if (body.scan_type !== undefined) {
    const lowered = typeof body.scan_type === 'string' ? body.scan_type.toLowerCase() : null;
    if (lowered && (SCAN_TYPES as readonly string[]).includes(lowered)) input.scanType = lowered as ScanType;
    else errors.add('scan_type', body.scan_type === null ? NOT_NULL : invalidChoice(body.scan_type));
  }
  input.everyMinutes = everyMinutes(body.every_minutes, errors);
  input.rrule = rruleText(body.rrule, errors);
  if (body.timezone !== undefined) {
    if (typeof body.timezone !== 'string' || body.timezone.trim() === '') errors.add('timezone', body.timezone === null ? NOT_NULL : 'Not a valid string.');
    else if (!isTimeZone(body.timezone.trim())) errors.add('timezone', `"${body.timezone}" is not a known time zone (e.g. Europe/Berlin, UTC).`);
    else input.timezone = body.timezone.trim();
  }
  input.enabled = boolean(body.enabled ?? undefined, 'enabled', errors);
  if (typeof input.everyMinutes === 'number' && typeof input.rrule === 'string') errors.add('every_minutes', BOTH_TIMINGS);
  errors.throwIfAny();
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ScheduleInput;
}
