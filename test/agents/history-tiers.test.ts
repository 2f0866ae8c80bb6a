import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import type { MetricsSnapshot } from '../../src/system/metrics/snapshot.js';

describe.each(await databaseKinds())('an agent host in the history tiers (%s)', (kind) => {
  let t: TestApp;
  let template: MetricsSnapshot;
  const at = (iso: string, cpu: number): MetricsSnapshot => ({ ...template, timestamp: iso, cpu_usage: cpu });
  const rows = (host: string, resolution: string) => t.app.ctx.db.selectFrom('system_metrics').selectAll()
    .where('host', '=', host).where('resolution', '=', resolution).orderBy('timestamp').execute();

  beforeAll(async () => {
    t = await createTestApp(kind);
    template = await t.app.ctx.services.metrics.reading(0);
  });
  afterAll(() => t?.close());

  it('a backlog across an hour fills that hour\'s minutes, then the hour is aggregated from all of them', async () => {
    const history = t.app.ctx.services.metrics.agentHistory;
    const host = '0b5b8f3e-1111-4222-8333-444455556666';
    // A backlog, oldest first: two samples at 09:58, two at 09:59, then 10:00 (closing 09:59) and 10:01 (closing 10:00).
    for (const [iso, cpu] of [['2026-03-01T09:58:10.000Z', 10], ['2026-03-01T09:58:40.000Z', 20], ['2026-03-01T09:59:10.000Z', 30],
      ['2026-03-01T09:59:40.000Z', 40], ['2026-03-01T10:00:10.000Z', 50], ['2026-03-01T10:01:10.000Z', 60]] as const) {
      history.record(host, at(iso, cpu));
    }
    await history.flushEnded(Date.parse('2026-03-01T10:01:30.000Z')); // 10:01 is still open
    const minutes = await rows(host, 'minute');
    expect(minutes.map((r) => [r.timestamp, r.sample_count, r.cpu_usage])).toEqual([
      ['2026-03-01T09:58:00.000Z', 2, 15], ['2026-03-01T09:59:00.000Z', 2, 35], ['2026-03-01T10:00:00.000Z', 1, 50],
    ]);
    const hours = await rows(host, 'hour');
    expect(hours.map((r) => [r.timestamp, r.sample_count, r.cpu_usage, r.cpu_usage_max])).toEqual([['2026-03-01T09:00:00.000Z', 4, 25, 35]]);
    await history.flushAll();
    expect((await rows(host, 'minute')).map((r) => r.sample_count)).toEqual([2, 2, 1, 1]);
  });

  it('merges a minute written in two parts (a restart within it), weighted by sample counts', async () => {
    const history = t.app.ctx.services.metrics.agentHistory;
    const host = '0b5b8f3e-7777-4222-8333-444455556666';
    for (const s of [0, 10, 20]) history.record(host, at(`2026-03-02T08:15:${String(s).padStart(2, '0')}.000Z`, 30));
    await history.flushAll();
    history.record(host, at('2026-03-02T08:15:40.000Z', 70));
    await history.flushAll();
    const [minute, ...others] = await rows(host, 'minute');
    expect(others).toEqual([]);
    expect(minute.sample_count).toBe(4);
    expect(minute.cpu_usage).toBe(40);
    expect(minute.timestamp).toBe('2026-03-02T08:15:00.000Z');
  });

  it('an agent\'s deletion removes its history', async () => {
    const history = t.app.ctx.services.metrics.agentHistory;
    const host = '0b5b8f3e-7777-4222-8333-444455556666';
    await history.forget(host);
    expect(await rows(host, 'minute')).toEqual([]);
  });
});
