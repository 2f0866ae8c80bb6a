import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { MinuteAccumulator } from '../../src/modules/metrics/sample-fields.js';
import type { MetricsSnapshot } from '../../src/system/metrics/snapshot.js';
import { sample, seedMinutes } from './seed.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
// A fixed UTC day start in the past; the tests pass explicit clocks, so nothing depends on today.
const D = Date.UTC(2025, 6, 1);

describe('MinuteAccumulator: time-weighted averages since the previous minute sample', () => {
  it('weights each reading by the time it covers', () => {
    const base = { extended: { cpu: { load_average: { '1m': 1 } }, swap: { usage_percent: 0 }, processes: { total: 10 }, temperatures: [], memory: { used_bytes: 0 }, disk_io: { read_bytes_per_sec: 0, write_bytes_per_sec: 0 } } };
    const at = (ms: number, cpu: number, temp?: number) => ({
      ...base, timestamp: new Date(D + ms).toISOString(), cpu_usage: cpu, memory_usage: 0, disk_usage: 0, network_rx: cpu * 10, network_tx: 0,
      extended: { ...base.extended, temperatures: temp === undefined ? [] : [{ current_celsius: temp }] },
    }) as unknown as MetricsSnapshot;
    const acc = new MinuteAccumulator();
    acc.add(at(0, 10)); // first reading: weight 1 s
    acc.add(at(10_000, 50, 40)); // covers 10 s
    acc.add(at(40_000, 20, 60)); // covers 30 s
    const means = acc.take()!;
    expect(means.cpu_usage).toBeCloseTo((10 * 1 + 50 * 10 + 20 * 30) / 41, 6);
    expect(means.network_rx).toBeCloseTo((100 + 5000 + 6000) / 41, 6);
    expect(means.cpu_temperature).toBeCloseTo((40 * 10 + 60 * 30) / 40, 6);
    expect(acc.take()).toBeNull();
    acc.add(at(100_000, 70)); // 60 s after the last reading: the whole minute
    expect(acc.take()!.cpu_usage).toBe(70);
  });
});

describe.each(await databaseKinds())('metrics history tiers (%s)', (kind) => {
  let t: TestApp;
  const history = () => t.app.ctx.services.metrics.history;
  const repo = () => t.app.ctx.services.metrics.historyRepo;
  const host = () => t.app.ctx.host;
  const rows = (resolution: string) =>
    t.app.ctx.db.selectFrom('system_metrics').selectAll().where('host', '=', host()).where('resolution', '=', resolution).orderBy('timestamp').execute();

  beforeAll(async () => {
    t = await createTestApp(kind, { METRICS_RETENTION_DAYS: '10' });
  });
  beforeEach(async () => {
    await sql`DELETE FROM system_metrics`.execute(t.app.ctx.db);
  });
  afterAll(async () => t.close());

  it('stores one minute sample per whole minute, stamped with the minute, from a real reading', async () => {
    await history().tick(D + 5 * MIN + 2000);
    await history().tick(D + 5 * MIN + 40_000);
    await history().tick(D + 6 * MIN + 1000);
    const minutes = await rows('minute');
    expect(minutes.map((r) => Date.parse(r.timestamp))).toEqual([D + 5 * MIN, D + 6 * MIN]);
    expect(minutes[0].sample_count).toBe(1);
    expect(minutes[0].memory_usage).toBeGreaterThan(0);
    expect(minutes[0].process_count).toBeGreaterThan(0);
    expect(minutes[0].cpu_usage_max).toBeNull();
  });

  it('aggregates each ended hour from its minutes (means, maxima, sample_count), once', async () => {
    await seedMinutes(repo(), host(), D, 60, (i) => ({ cpu_usage: i, memory_usage: 50, network_rx: i === 30 ? 6000 : 0, cpu_temperature: i < 30 ? 40 : null }));
    await seedMinutes(repo(), host(), D + HOUR, 45, () => ({ cpu_usage: 99 }));
    await history().aggregate(D + HOUR + 45 * MIN);
    await history().aggregate(D + HOUR + 46 * MIN);
    const hours = await rows('hour');
    expect(hours).toHaveLength(1); // the running hour is not aggregated
    const h = hours[0];
    expect(Date.parse(h.timestamp)).toBe(D);
    expect(h.sample_count).toBe(60);
    expect(h.cpu_usage).toBeCloseTo(29.5, 6);
    expect(h.cpu_usage_max).toBe(59);
    expect(h.memory_usage).toBe(50);
    expect(h.network_rx).toBeCloseTo(100, 6);
    expect(h.network_rx_max).toBe(6000);
    expect(h.cpu_temperature).toBe(40);
    expect(h.cpu_temperature_max).toBe(40);
    await history().aggregate(D + 2 * HOUR + MIN);
    expect((await rows('hour')).map((r) => r.cpu_usage)).toEqual([h.cpu_usage, 99]);
  });

  it('aggregates each ended UTC day from its hours, weighted by their sample counts; gaps stay gaps', async () => {
    await repo().insert(sample(host(), 'hour', D, { cpu_usage: 10, cpu_usage_max: 30, sample_count: 60 }));
    await repo().insert(sample(host(), 'hour', D + 5 * HOUR, { cpu_usage: 40, cpu_usage_max: 80, sample_count: 20 }));
    await repo().insert(sample(host(), 'hour', D + 3 * DAY, { cpu_usage: 5, sample_count: 60 }));
    await history().aggregate(D + 3 * DAY + 2 * HOUR);
    const days = await rows('day');
    expect(days.map((r) => Date.parse(r.timestamp))).toEqual([D]); // days 2 and 3 had no samples; day 4 is running
    expect(days[0].cpu_usage).toBeCloseTo((10 * 60 + 40 * 20) / 80, 6);
    expect(days[0].cpu_usage_max).toBe(80);
    expect(days[0].sample_count).toBe(80);
  });

  it('retention: minutes 48 h, hours 35 days, days METRICS_RETENTION_DAYS', async () => {
    const now = D + 100 * DAY;
    await repo().insert(sample(host(), 'minute', now - 47 * HOUR));
    await repo().insert(sample(host(), 'minute', now - 49 * HOUR));
    await repo().insert(sample(host(), 'hour', now - 34 * DAY));
    await repo().insert(sample(host(), 'hour', now - 36 * DAY));
    await repo().insert(sample(host(), 'day', now - 9 * DAY));
    await repo().insert(sample(host(), 'day', now - 11 * DAY));
    await repo().insert(sample('another', 'minute', now - 49 * HOUR));
    expect(await history().prune(now)).toBe(3);
    expect((await rows('minute')).map((r) => Date.parse(r.timestamp))).toEqual([now - 47 * HOUR]);
    expect((await rows('hour')).map((r) => Date.parse(r.timestamp))).toEqual([now - 34 * DAY]);
    expect((await rows('day')).map((r) => Date.parse(r.timestamp))).toEqual([now - 9 * DAY]);
    // Each host keeps its own history: another host's samples are its own instances' to prune.
    expect(await repo().count({ host: 'another' })).toBe(1);
  });

  it('uptime percentage: minute samples in the window ÷ its minutes, counting aggregated hours by sample_count', async () => {
    expect(await history().uptimePercentage(D)).toBe(100); // no sample yet
    // First sample 200 minutes ago; hour 0 aggregated (sample_count 30), then 50 minutes sampled, 90 missing.
    await repo().insert(sample(host(), 'hour', D, { sample_count: 30 }));
    await seedMinutes(repo(), host(), D, 30);
    await seedMinutes(repo(), host(), D + HOUR, 50);
    const now = D + 200 * MIN;
    expect(await history().uptimePercentage(now)).toBe(Math.round(((30 + 50) / 200) * 10000) / 100);
    // Windows longer than 30 days are cut to 30 days.
    const later = D + 40 * DAY;
    expect(await history().uptimePercentage(later)).toBe(0);
  });
});
