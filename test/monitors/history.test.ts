import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { MonitorHistory } from '../../src/modules/monitors/history/monitor-history.js';
import type { BeatStatus, Heartbeat } from '../../src/modules/monitors/monitor-types.js';
import { createPostgresSchema, databaseKinds } from '../helpers/databases.js';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe.each(await databaseKinds())('heartbeat history on %s', (kind) => {
  let database: Database;
  let drop = async () => undefined as unknown;
  let history: MonitorHistory;
  const monitor = async () => {
    const id = randomUUID();
    await database.db.insertInto('monitors').values({
      id, name: id, name_normalized: id, type: 'push', timeout_s: 5, retry_interval_s: 60, created_at: NOW.toISOString(), updated_at: NOW.toISOString(),
    } as never).execute();
    return id;
  };
  const beat = (monitor_id: string, at: string, status: BeatStatus, response_ms: number | null = null, important = false): Heartbeat =>
    ({ monitor_id, time: at, status, response_ms, message: status, important });

  beforeAll(async () => {
    if (kind === 'sqlite') database = openDatabase({ kind: 'sqlite', path: ':memory:' });
    else {
      const schema = await createPostgresSchema();
      drop = schema.drop;
      database = openDatabase({ kind: 'postgres', url: schema.url, host: '127.0.0.1', database: 'test' });
    }
    await database.migrate();
    history = new MonitorHistory(database.db, 7);
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  it('keeps every tier equal to what the raw beats say, also for batches out of order', async () => {
    const id = await monitor();
    const beats: Heartbeat[] = [];
    for (let i = 0; i < 300; i++) beats.push(beat(id, ago(i * 37_000), i % 10 === 0 ? 'down' : i % 7 === 0 ? 'pending' : 'up', 5 + (i % 50)));
    // Shuffled deterministically: each batch mixes minutes, hours and days, newest and oldest.
    beats.sort((a, b) => ((Date.parse(a.time) / 1000) % 7) - ((Date.parse(b.time) / 1000) % 7));
    for (let i = 0; i < beats.length; i += 50) await history.recordMany(beats.slice(i, i + 50).reverse());
    const raw = await database.db.selectFrom('monitor_heartbeats').select(['status', 'response_ms']).where('monitor_id', '=', id).execute();
    expect(raw).toHaveLength(300);
    for (const table of ['monitor_minutes', 'monitor_hours', 'monitor_days'] as const) {
      const rows = await database.db.selectFrom(table).selectAll().where('monitor_id', '=', id).execute();
      const sum = (k: 'up' | 'down' | 'pending' | 'rt_count') => rows.reduce((a, r) => a + Number(r[k]), 0);
      expect({ up: sum('up'), down: sum('down'), pending: sum('pending'), rt: sum('rt_count') }, table).toEqual({
        up: raw.filter((r) => r.status === 'up').length, down: raw.filter((r) => r.status === 'down').length,
        pending: raw.filter((r) => r.status === 'pending').length, rt: 300,
      });
      expect(Math.max(...rows.map((r) => Number(r.rt_max)))).toBe(54);
    }
  });

  it('answers uptime windows with maintenance left out, pending as up, null for empty windows, and a sane p95', async () => {
    const id = await monitor();
    const beats: Heartbeat[] = [];
    // The last day: 90 up (10…99 ms), 10 down, 50 maintenance. Ten days ago: 100 down.
    for (let i = 0; i < 90; i++) beats.push(beat(id, ago(i * MIN + 1000), 'up', 10 + i));
    for (let i = 0; i < 10; i++) beats.push(beat(id, ago(100 * MIN + i * MIN), 'down'));
    for (let i = 0; i < 50; i++) beats.push(beat(id, ago(200 * MIN + i * MIN), 'maintenance'));
    for (let i = 0; i < 100; i++) beats.push(beat(id, ago(10 * DAY + i * MIN), 'down'));
    await history.recordMany(beats);
    const u = await history.uptime(id, NOW);
    expect(u['24h']).toBeCloseTo(0.9, 5);
    expect(u['7d']).toBeCloseTo(0.9, 5);
    expect(u['30d']).toBeCloseTo(90 / 200, 5);
    expect(u['365d']).toBeCloseTo(90 / 200, 5);
    expect(u.avg_response_ms['24h']).toBeCloseTo(54.5, 1);
    // Exact p95 of 10…99 is ~95; the histogram bucket is 50–100 ms.
    expect(u.p95_response_ms['24h']).toBeGreaterThanOrEqual(50);
    expect(u.p95_response_ms['24h']).toBeLessThanOrEqual(99);
    const empty = await history.uptime(await monitor(), NOW);
    expect(empty).toEqual({
      '24h': null, '7d': null, '30d': null, '365d': null,
      avg_response_ms: { '24h': null, '7d': null, '30d': null, '365d': null }, p95_response_ms: { '24h': null, '7d': null, '30d': null, '365d': null },
    });
    const days = (await history.dailyUptimeMany([id], 90, NOW)).get(id)!;
    expect(days).toHaveLength(90);
    expect(days[89]).toEqual({ date: '2026-12-07', uptime: 0.9 });
    expect(days[79].uptime).toBe(0);
    expect(days[0].uptime).toBeNull();
  });

  it('opens an incident on an important down beat and closes it on the next important up', async () => {
    const id = await monitor();
    await history.recordMany([beat(id, ago(10 * MIN), 'up', 5, true), beat(id, ago(9 * MIN), 'down', null, true), beat(id, ago(8 * MIN), 'down')]);
    let list = await history.incidents(id, { limit: 10, offset: 0 });
    expect(list.rows).toEqual([{ started_at: ago(9 * MIN).replace('Z', '+00:00'), ended_at: null, duration_s: null, message: 'down' }]);
    await history.recordMany([beat(id, ago(4 * MIN), 'up', 5, true)]);
    list = await history.incidents(id, { limit: 10, offset: 0 });
    expect(list.rows[0]).toMatchObject({ ended_at: ago(4 * MIN).replace('Z', '+00:00'), duration_s: 300 });
    expect(await history.recentIncidents([id], ago(DAY))).toHaveLength(1);
  });

  it('prunes raw beats past their retention but keeps the aggregates; delete removes everything', async () => {
    const id = await monitor();
    await history.recordMany([beat(id, ago(8 * DAY), 'up', 3), beat(id, ago(HOUR), 'up', 3)]);
    await history.prune(NOW);
    expect(await database.db.selectFrom('monitor_heartbeats').select('time').where('monitor_id', '=', id).execute()).toHaveLength(1);
    expect((await history.uptime(id, NOW))['30d']).toBe(1);
    expect((await history.heartbeats(id, {}, { limit: 10, offset: 0 })).count).toBe(1);
    await history.deleteFor(id);
    for (const table of ['monitor_heartbeats', 'monitor_minutes', 'monitor_hours', 'monitor_days', 'monitor_incidents'] as const) {
      expect(await database.db.selectFrom(table).select('monitor_id').where('monitor_id', '=', id).execute(), table).toEqual([]);
    }
  });
});
