/**
 * Strict reading of an RFC 5545 RRULE value (§3.3.10). The rrule package's own parser accepts "FREQ=DAILLY" as an
 * empty rule and "COUNT=abc" as a string, so the text is checked here, part by part, and handed to the package as
 * options. DTSTART and TZID come from the window (its starts_at and timezone), never from the text.
 */
import rrulePackage, { type Options, type Weekday } from 'rrule';

const { Frequency, Weekday: WeekdayClass } = rrulePackage;

/** A window repeating more often than every minute is not a maintenance window. */
const FREQUENCIES: Record<string, Options['freq']> = {
  YEARLY: Frequency.YEARLY, MONTHLY: Frequency.MONTHLY, WEEKLY: Frequency.WEEKLY, DAILY: Frequency.DAILY,
  HOURLY: Frequency.HOURLY, MINUTELY: Frequency.MINUTELY,
};
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The rule's options, with UNTIL as written: `untilIsUtc` tells whether it ended in "Z". */
export interface ParsedRRule {
  options: Partial<Options>;
  untilIsUtc: boolean;
}

type IntList = { min: number; max: number; signed: boolean };
const INT_LISTS: Record<string, IntList & { key: keyof Options }> = {
  BYSECOND: { key: 'bysecond', min: 0, max: 60, signed: false },
  BYMINUTE: { key: 'byminute', min: 0, max: 59, signed: false },
  BYHOUR: { key: 'byhour', min: 0, max: 23, signed: false },
  BYMONTHDAY: { key: 'bymonthday', min: 1, max: 31, signed: true },
  BYYEARDAY: { key: 'byyearday', min: 1, max: 366, signed: true },
  BYWEEKNO: { key: 'byweekno', min: 1, max: 53, signed: true },
  BYMONTH: { key: 'bymonth', min: 1, max: 12, signed: false },
  BYSETPOS: { key: 'bysetpos', min: 1, max: 366, signed: true },
};

function intList(name: string, value: string, spec: IntList): number[] {
  return value.split(',').map((item) => {
    if (!/^[+-]?\d{1,3}$/.test(item)) throw new Error(`${name} must be a list of integers (got "${item}").`);
    const n = Number(item);
    const size = Math.abs(n);
    if ((!spec.signed && n < 0) || size < spec.min || size > spec.max || (spec.signed && n === 0)) {
      const range = spec.signed ? `${spec.min} to ${spec.max} or -${spec.max} to -${spec.min}` : `${spec.min} to ${spec.max}`;
      throw new Error(`${name} values must be ${range} (got ${item}).`);
    }
    return n;
  });
}

function weekdayList(value: string): Weekday[] {
  return value.split(',').map((item) => {
    const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
    const nth = m?.[1] === undefined ? undefined : Number(m[1]);
    if (!m || nth === 0 || (nth !== undefined && Math.abs(nth) > 53)) {
      throw new Error(`BYDAY must list days like MO, TU or 1MO, -1FR (got "${item}").`);
    }
    return new WeekdayClass(WEEKDAYS.indexOf(m[2]), nth);
  });
}

function positive(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new Error(`${name} must be a positive integer (got "${value}").`);
  return Number(value);
}

/** A date-only UNTIL includes that whole local day. */
function until(value: string): { date: Date; utc: boolean } {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(value);
  if (!m) throw new Error(`UNTIL must be a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ) (got "${value}").`);
  const [y, mo, d, h = '23', mi = '59', s = '59'] = m.slice(1, 7);
  const date = new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
  if (date.getUTCMonth() !== +mo - 1 || date.getUTCDate() !== +d || +h > 23 || +mi > 59 || +s > 59) {
    throw new Error(`UNTIL is not a valid date-time (got "${value}").`);
  }
  return { date, utc: m[7] === 'Z' };
}

function applyPart(name: string, value: string, out: ParsedRRule): void {
  const { options } = out;
  if (name === 'FREQ') {
    if (value === 'SECONDLY') throw new Error('FREQ=SECONDLY is not allowed; the shortest is MINUTELY.');
    if (!(value in FREQUENCIES)) throw new Error(`FREQ must be one of ${Object.keys(FREQUENCIES).join(', ')} (got "${value}").`);
    options.freq = FREQUENCIES[value];
  } else if (name === 'INTERVAL') options.interval = positive(name, value);
  else if (name === 'COUNT') options.count = positive(name, value);
  else if (name === 'UNTIL') {
    const u = until(value);
    options.until = u.date;
    out.untilIsUtc = u.utc;
  } else if (name === 'BYDAY') options.byweekday = weekdayList(value);
  else if (name === 'WKST') {
    if (!WEEKDAYS.includes(value)) throw new Error(`WKST must be one of ${WEEKDAYS.join(', ')} (got "${value}").`);
    options.wkst = WEEKDAYS.indexOf(value);
  } else if (name in INT_LISTS) {
    const spec = INT_LISTS[name];
    (options as Record<string, unknown>)[spec.key] = intList(name, value, spec);
  } else if (name === 'DTSTART' || name === 'TZID') {
    throw new Error(`${name} is not part of an RRULE here: the window's starts_at and timezone set it.`);
  } else throw new Error(`Unknown RRULE part "${name}".`);
}

/** The rule, or throws an Error whose message names the problem (safe to show: it quotes only the input). */
export function parseRRule(text: string): ParsedRRule {
  const body = text.trim().replace(/^RRULE:/i, '').toUpperCase();
  if (body === '') throw new Error('The RRULE is empty.');
  if (/[\r\n]/.test(body)) throw new Error('Give a single RRULE line, without DTSTART or other properties.');
  const out: ParsedRRule = { options: {}, untilIsUtc: false };
  const seen = new Set<string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) throw new Error(`"${part}" is not a NAME=VALUE part.`);
    const name = part.slice(0, eq);
    if (seen.has(name)) throw new Error(`${name} appears more than once.`);
    seen.add(name);
    applyPart(name, part.slice(eq + 1), out);
  }
  if (out.options.freq === undefined) throw new Error('FREQ is required (e.g. FREQ=DAILY).');
  if (seen.has('COUNT') && seen.has('UNTIL')) throw new Error('COUNT and UNTIL may not both be given.');
  return out;
}
