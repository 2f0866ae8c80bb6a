/**
 * When a scan schedule runs: every N minutes, or by an RRULE in a time zone. The RRULE text is read by the strict
 * parser the maintenance windows use, and expanded in wall-clock time the same way (system/calendar/).
 */
import rrulePackage, { type RRule as RRuleType } from 'rrule';
import { parseRRule } from '../../system/calendar/rrule-text.js';
import { fromFloating, isTimeZone, toFloating } from '../../system/calendar/wall-clock.js';

// rrule's package points Node at a UMD bundle: its names are on the default export.
const { RRule, Frequency } = rrulePackage;

export const MIN_EVERY_MINUTES = 5;
export const MAX_EVERY_MINUTES = 10_080;
const MIN_GAP_MS = MIN_EVERY_MINUTES * 60_000;
/** Occurrences looked at to tell whether a rule repeats too often. */
const GAP_SAMPLE = 50;
const MAX_ITERATIONS = 100_000;

export { isTimeZone };

export interface Timing {
  everyMinutes: number | null;
  rrule: string | null;
  timezone: string;
}

/**
 * The rule in floating wall-clock time. It starts at midnight of the day `anchor` (the schedule's creation) falls
 * on in `timezone`, so "FREQ=DAILY;BYHOUR=3" runs at 03:00:00 and "FREQ=HOURLY" on the hour.
 */
function ruleOf(text: string, timezone: string, anchor: Date): RRuleType {
  const { options, untilIsUtc } = parseRRule(text);
  if (options.freq === Frequency.MINUTELY) throw new Error('FREQ=MINUTELY is not allowed here; use every_minutes for schedules of minutes.');
  const local = toFloating(anchor, timezone);
  const dtstart = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
  const until = options.until && untilIsUtc ? toFloating(options.until, timezone) : options.until;
  return new RRule({ ...options, until, dtstart, tzid: null });
}

/** Why this RRULE cannot time a schedule created at `anchor`, or null when it can. */
export function rruleProblem(text: string, timezone: string, anchor: Date, now: Date): string | null {
  let rule: RRuleType;
  try {
    rule = ruleOf(text, timezone, anchor);
  } catch (error) {
    return (error as Error).message;
  }
  const from = toFloating(now, timezone).getTime();
  const upcoming: number[] = [];
  let iterations = 0;
  rule.all((date) => {
    if (date.getTime() > from) upcoming.push(date.getTime());
    return upcoming.length < GAP_SAMPLE && ++iterations < MAX_ITERATIONS;
  });
  if (upcoming.length === 0) return 'The RRULE has no occurrence after now.';
  for (let i = 1; i < upcoming.length; i++) {
    if (upcoming[i] - upcoming[i - 1] < MIN_GAP_MS) return `The RRULE repeats more often than every ${MIN_EVERY_MINUTES} minutes.`;
  }
  return null;
}

/**
 * The first run after `now`. Every N minutes keeps the beat of the run that was due (`due`), skipping beats missed
 * while the server was down; without one (a new or re-enabled schedule) it is N minutes from now. Null when an
 * RRULE has no occurrence left.
 */
export function nextRun(timing: Timing, anchor: Date, now: Date, due: Date | null = null): Date | null {
  if (timing.everyMinutes !== null) {
    const step = timing.everyMinutes * 60_000;
    if (!due) return new Date(now.getTime() + step);
    const beats = Math.floor((now.getTime() - due.getTime()) / step) + 1;
    return new Date(due.getTime() + Math.max(beats, 1) * step);
  }
  const rule = ruleOf(timing.rrule!, timing.timezone, anchor);
  const next = rule.after(toFloating(now, timing.timezone), false);
  return next ? fromFloating(next, timing.timezone) : null;
}
