import { describe, expect, it } from 'vitest';
import { MaintenanceCalendar } from '../../src/modules/monitors/maintenance/maintenance-calendar.js';
import type { StoredWindow } from '../../src/modules/monitors/maintenance/maintenance-types.js';
import { validateWindow } from '../../src/modules/monitors/maintenance/maintenance.validation.js';

const window = (over: Partial<StoredWindow>): StoredWindow => ({
  id: 'w1', title: 'w', description: '', monitors: ['m1'], all_monitors: false, starts_at: null, ends_at: null, recurrence: null,
  created_by: null, created_at: '', updated_at: '', ...over,
});
const at = (iso: string) => new Date(iso);

describe('maintenance windows', () => {
  it('one-off: active from its start to (not including) its end, for its monitors only', () => {
    const c = new MaintenanceCalendar([window({ starts_at: '2026-12-24T22:00:00.000Z', ends_at: '2026-12-24T23:00:00.000Z' })]);
    expect(c.activeFor('m1', at('2026-12-24T21:59:59Z'))).toBe(false);
    expect(c.activeFor('m1', at('2026-12-24T22:00:00Z'))).toBe(true);
    expect(c.activeFor('m2', at('2026-12-24T22:30:00Z'))).toBe(false);
    expect(c.activeFor('m1', at('2026-12-24T23:00:00Z'))).toBe(false);
  });

  it('daily at 02:00 Europe/Berlin stays at 02:00 local across both daylight-saving changes', () => {
    const c = new MaintenanceCalendar([window({
      all_monitors: true, monitors: [], starts_at: '2026-01-10T01:00:00.000Z',
      recurrence: { rrule: 'FREQ=DAILY', duration_s: 3600, timezone: 'Europe/Berlin' },
    })]);
    // Winter: 02:00 CET = 01:00 UTC.
    expect(c.activeFor('any', at('2026-03-20T01:30:00Z'))).toBe(true);
    expect(c.activeFor('any', at('2026-03-20T00:30:00Z'))).toBe(false);
    // Summer (from 29 March): 02:00 CEST = 00:00 UTC.
    expect(c.activeFor('any', at('2026-04-02T00:30:00Z'))).toBe(true);
    expect(c.activeFor('any', at('2026-04-02T01:30:00Z'))).toBe(false);
    // Back to winter after 25 October.
    expect(c.activeFor('any', at('2026-10-27T01:30:00Z'))).toBe(true);
    expect(c.activeFor('any', at('2026-10-27T00:30:00Z'))).toBe(false);
  });

  it('weekly on Sundays, and a COUNT that runs out', () => {
    const c = new MaintenanceCalendar([window({
      starts_at: '2026-12-06T03:00:00.000Z', recurrence: { rrule: 'RRULE:FREQ=WEEKLY;BYDAY=SU;COUNT=2', duration_s: 1800, timezone: 'UTC' },
    })]);
    expect(c.activeFor('m1', at('2026-12-06T03:10:00Z'))).toBe(true);
    expect(c.activeFor('m1', at('2026-12-09T03:10:00Z'))).toBe(false);
    expect(c.activeFor('m1', at('2026-12-13T03:29:00Z'))).toBe(true);
    expect(c.activeFor('m1', at('2026-12-20T03:10:00Z'))).toBe(false);
  });

  it('refuses unknown time zones, bad rules, short durations, reversed times and empty targets', () => {
    const exists = (id: string) => id === 'm1';
    const bad = (body: Record<string, unknown>) => {
      try {
        validateWindow({ title: 't', monitors: ['m1'], starts_at: '2026-12-06T03:00:00Z', ...body }, undefined, true, exists);
        return null;
      } catch (e) {
        return (e as { extra: Record<string, string[]> }).extra;
      }
    };
    expect(bad({ recurrence: { rrule: 'FREQ=DAILY', duration_s: 3600, timezone: 'Mars/Olympus' } })?.recurrence[0]).toMatch(/not a known time zone/);
    expect(bad({ recurrence: { rrule: 'FREQ=SOMETIMES', duration_s: 3600 } })?.recurrence[0]).toMatch(/^rrule: Not a valid RRULE/);
    for (const [rrule, why] of [['FREQ=DAILLY', /FREQ must be one of/], ['FREQ=DAILY;COUNT=abc', /COUNT must be a positive integer/],
      ['FREQ=DAILY;BYHOUR=99', /BYHOUR values must be 0 to 23/], ['FREQ=SECONDLY', /not allowed/], ['FREQ=DAILY;COUNT=2;UNTIL=20270101', /COUNT and UNTIL/]] as const) {
      expect(bad({ recurrence: { rrule, duration_s: 3600 } })?.recurrence[0], rrule).toMatch(why);
    }
    expect(bad({ recurrence: { rrule: 'FREQ=DAILY', duration_s: 5 } })?.recurrence[0]).toMatch(/duration_s: Ensure this value is greater than or equal to 60/);
    expect(bad({ ends_at: '2026-12-06T02:00:00Z' })?.ends_at).toEqual(['ends_at must be after starts_at.']);
    expect(bad({ ends_at: '2026-12-06T04:00:00Z', monitors: [] })?.monitors).toBeDefined();
    expect(bad({ ends_at: '2026-12-06T04:00:00Z', monitors: ['m9'] })?.monitors).toBeDefined();
    expect(bad({ ends_at: '2026-12-06T04:00:00Z' })).toBeNull();
    expect(bad({ recurrence: { rrule: 'FREQ=DAILY', duration_s: 3600, timezone: 'Europe/Berlin' } })).toBeNull();
  });
});
