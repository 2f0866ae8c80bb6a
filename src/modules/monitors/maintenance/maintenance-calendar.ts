import rrulePackage, { type RRule as RRuleType } from 'rrule';
import { parseRRule } from '../../../system/calendar/rrule-text.js';

// rrule's package points Node at a UMD bundle: its names are on the default export.
const { RRule } = rrulePackage;
type RRule = RRuleType;
import type { StoredWindow } from './maintenance-types.js';
import { fromFloating, toFloating } from '../../../system/calendar/wall-clock.js';

interface Span { from: number; until: number; active: boolean }

/**
 * An RRULE text (with or without the `RRULE:` prefix, read strictly: rrule-text.ts) as a rule in floating
 * wall-clock time of `timeZone` from the floating `dtstart`; an UNTIL given in UTC is moved into that time too.
 */
export function parseRule(text: string, dtstart: Date, timeZone: string): RRule {
  const { options, untilIsUtc } = parseRRule(text);
  const until = options.until && untilIsUtc ? toFloating(options.until, timeZone) : options.until;
  return new RRule({ ...options, until, dtstart, tzid: null });
}

/**
 * Which windows are active when. Each window keeps the span of time around the last question during which its
 * answer holds (inside one occurrence, or between two), so asking for every check of every monitor costs a lookup.
 */
export class MaintenanceCalendar {
  private readonly spans = new Map<string, Span>();
  private readonly rules = new Map<string, RRule>();

  constructor(private readonly windows: readonly StoredWindow[]) {}

  activeFor(monitorId: string, at: Date): boolean {
    return this.windows.some((w) => (w.all_monitors || w.monitors.includes(monitorId)) && this.isActive(w.id, at));
  }

  isActive(windowId: string, at: Date): boolean {
    const t = at.getTime();
    const cached = this.spans.get(windowId);
    if (cached && t >= cached.from && t < cached.until) return cached.active;
    const window = this.windows.find((w) => w.id === windowId);
    if (!window) return false;
    const span = this.spanAt(window, t);
    this.spans.set(windowId, span);
    return span.active;
  }

  private spanAt(w: StoredWindow, t: number): Span {
    if (!w.recurrence) {
      const start = w.starts_at ? Date.parse(w.starts_at) : -Infinity;
      const end = w.ends_at ? Date.parse(w.ends_at) : Infinity;
      if (t < start) return { from: -Infinity, until: start, active: false };
      if (t < end) return { from: start, until: end, active: true };
      return { from: end, until: Infinity, active: false };
    }
    // A recurring window's ends_at, when set, ends the recurrence.
    const until = w.ends_at ? Date.parse(w.ends_at) : Infinity;
    if (t >= until) return { from: until, until: Infinity, active: false };
    const { timezone, duration_s } = w.recurrence;
    const rule = this.ruleOf(w);
    const floatingAt = toFloating(new Date(t), timezone);
    const last = rule.before(floatingAt, true);
    if (last) {
      const start = fromFloating(last, timezone).getTime();
      const end = start + duration_s * 1000;
      if (t < end) return { from: start, until: Math.min(end, until), active: true };
    }
    const next = rule.after(floatingAt, false);
    const nextStart = next ? fromFloating(next, timezone).getTime() : Infinity;
    const lastEnd = last ? fromFloating(last, timezone).getTime() + duration_s * 1000 : -Infinity;
    return { from: lastEnd, until: Math.min(nextStart, until), active: false };
  }

  private ruleOf(w: StoredWindow): RRule {
    let rule = this.rules.get(w.id);
    if (!rule) {
      rule = parseRule(w.recurrence!.rrule, toFloating(new Date(w.starts_at!), w.recurrence!.timezone), w.recurrence!.timezone);
      this.rules.set(w.id, rule);
    }
    return rule;
  }
}
