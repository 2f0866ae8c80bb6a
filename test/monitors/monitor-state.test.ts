import { describe, expect, it } from 'vitest';
import { applyResult, formatDuration, initialState } from '../../src/modules/monitors/monitor-state.js';
import type { CheckResult, MonitorSpec } from '../../src/modules/monitors/monitor-types.js';
import type { MonitorRunState } from '../../src/modules/monitors/monitors.repository.js';

const monitor = (over: Partial<MonitorSpec> = {}): MonitorSpec => ({
  id: 'm1', name: 'Web', type: 'http', target: 'http://127.0.0.1/', port: null, interval_s: 30, timeout_s: 5, retries: 0,
  retry_interval_s: 10, resend_every: 0, http: null, keyword: null, invert_keyword: false, json_path: null, expected_value: null,
  dns: null, tls_expiry_days: 0, device_id: null, push_token: null, tags: [], channels: [], active: true, ...over,
});
const up: CheckResult = { status: 'up', responseMs: 12, message: '200 - OK' };
const down: CheckResult = { status: 'down', responseMs: null, message: 'Connection refused' };

/** Feeds results one a minute from t0 and returns every outcome. */
function run(m: MonitorSpec, results: CheckResult[], maintenance: boolean[] = []) {
  let state: MonitorRunState = initialState(true);
  const t0 = Date.parse('2026-12-01T00:00:00Z');
  return results.map((r, i) => {
    const o = applyResult(m, state, r, new Date(t0 + i * 60_000), maintenance[i] ?? false);
    state = o.state;
    return o;
  });
}

describe('monitor transitions (monitoring.md §2.4)', () => {
  it('marks the first heartbeat and each change important, and notifies down and back up with the downtime', () => {
    const out = run(monitor(), [up, up, down, down, up]);
    expect(out.map((o) => o.heartbeat.status)).toEqual(['up', 'up', 'down', 'down', 'up']);
    expect(out.map((o) => o.heartbeat.important)).toEqual([true, false, true, false, true]);
    expect(out.map((o) => o.notify?.kind ?? null)).toEqual([null, null, 'down', null, 'up']);
    expect(out[2].notify).toMatchObject({ title: 'Web is down', message: 'Connection refused' });
    expect(out[4].notify).toMatchObject({ title: 'Web is up', message: '200 - OK after 2 min down' });
  });

  it('stays pending while retrying, at the retry interval, and declares down after the retries', () => {
    const out = run(monitor({ retries: 2 }), [up, down, down, down, down]);
    expect(out.map((o) => o.state.status)).toEqual(['up', 'pending', 'pending', 'down', 'down']);
    expect(out.map((o) => o.nextInMs)).toEqual([30_000, 10_000, 10_000, 30_000, 30_000]);
    expect(out.map((o) => o.notify?.kind ?? null)).toEqual([null, null, null, 'down', null]);
  });

  it('a recovery during the retries sends nothing', () => {
    const out = run(monitor({ retries: 1 }), [up, down, up]);
    expect(out.map((o) => o.notify)).toEqual([null, null, null]);
    expect(out[2].state.failures).toBe(0);
  });

  it('resends the down notification every N down checks', () => {
    const out = run(monitor({ resend_every: 2 }), [down, down, down, down, down]);
    expect(out.map((o) => o.notify?.kind ?? null)).toEqual(['down', null, 'down', null, 'down']);
    expect(out[2].notify?.message).toContain('still down');
  });

  it('in maintenance records maintenance and sends nothing; a failure after it is a new down', () => {
    const out = run(monitor(), [up, down, down, down], [false, true, true, false]);
    expect(out.map((o) => o.heartbeat.status)).toEqual(['up', 'maintenance', 'maintenance', 'down']);
    expect(out.map((o) => o.notify?.kind ?? null)).toEqual([null, null, null, 'down']);
  });

  it('keeps the certificate expiry a result did not report', () => {
    const [first, second] = run(monitor(), [{ ...up, certExpiresAt: '2027-01-01T00:00:00.000Z' }, up]);
    expect(first.state.cert_expires_at).toBe('2027-01-01T00:00:00.000Z');
    expect(second.state.cert_expires_at).toBe('2027-01-01T00:00:00.000Z');
  });

  it('formats durations in two units at most', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(3 * 3600_000 + 60_000 + 5000)).toBe('3 h 1 min');
    expect(formatDuration(86_400_000 + 3600_000)).toBe('1 d 1 h');
  });
});
