import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api } from './helpers.js';
import { seedMinutes } from './seed.js';

const MIN = 60_000;
const HOUR = 3_600_000;

describe.each(await databaseKinds())('history long ranges use the finest tier that has data (%s)', (kind) => {
  let t: TestApp;
  let viewer: Session;
  const now = Math.floor(Date.now() / HOUR) * HOUR + 30 * MIN; // half past a whole hour
  const repo = () => t.app.ctx.services.metrics.historyRepo;
  const history = async (query: string) => {
    const res = await api(t.app, 'GET', `/api/system/metrics/history/?to=${new Date(now).toISOString()}&${query}`, viewer);
    expect(res.status).toBe(200);
    return res.body as { resolution: string; resolution_seconds: number; count: number; results: Array<{ timestamp: string; cpu_usage: number }> };
  };
  const stamps = (body: { results: Array<{ timestamp: string }> }) => body.results.map((r) => Date.parse(r.timestamp));

  beforeAll(async () => {
    t = await createTestApp(kind);
    const owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
  });
  beforeEach(async () => {
    await sql`DELETE FROM system_metrics`.execute(t.app.ctx.db);
  });
  afterAll(async () => t.close());

  it('a history of a few minutes: 7 d, 30 d and 365 d show the minute samples instead of nothing', async () => {
    await seedMinutes(repo(), t.app.ctx.host, now - 9 * MIN, 10, (i) => ({ cpu_usage: i }));
    const from = (span: number) => `from=${new Date(now - span).toISOString()}`;
    for (const span of [7 * 24 * HOUR, 30 * 24 * HOUR, 365 * 24 * HOUR]) {
      const body = await history(from(span));
      expect(body).toMatchObject({ resolution: 'minute', resolution_seconds: 60, count: 10 });
      expect(body.results.map((r) => r.cpu_usage)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
    // An explicit tier is still exactly that tier.
    expect((await history(`${from(7 * 24 * HOUR)}&resolution=hour`)).count).toBe(0);
  });

  it('hour samples first, then the minutes after the last stored hour, without overlap', async () => {
    const lastHour = now - 30 * MIN - HOUR; // the previous whole hour, already aggregated
    await seedMinutes(repo(), t.app.ctx.host, lastHour - 2 * HOUR, 3, () => ({ cpu_usage: 40 }), 'hour');
    await seedMinutes(repo(), t.app.ctx.host, lastHour, 90, () => ({ cpu_usage: 5 })); // overlaps the last hour sample
    const body = await history(`from=${new Date(now - 7 * 24 * HOUR).toISOString()}`);
    expect(body.resolution).toBe('hour');
    const at = stamps(body);
    expect(at.slice(0, 3)).toEqual([lastHour - 2 * HOUR, lastHour - HOUR, lastHour]);
    expect(at[3]).toBe(lastHour + HOUR); // the minutes the last hour sample covers are not repeated
    expect(body.count).toBe(3 + 30);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Day range with no day samples: the same hour and minute points.
    expect(stamps(await history(`from=${new Date(now - 90 * 24 * HOUR).toISOString()}`))).toEqual(at);
  });

  it('bucketing a mixed history weighs each sample by the minutes it covers', async () => {
    const lastHour = now - 30 * MIN - HOUR;
    await seedMinutes(repo(), t.app.ctx.host, lastHour, 1, () => ({ cpu_usage: 60, sample_count: 60 }), 'hour');
    await seedMinutes(repo(), t.app.ctx.host, lastHour + HOUR, 30, () => ({ cpu_usage: 0 }));
    const body = await history(`from=${new Date(now - 3 * 24 * HOUR).toISOString()}&resolution=auto&max_points=1`);
    expect(body.count).toBe(1);
    expect(body.results[0].cpu_usage).toBeCloseTo((60 * 60 + 0 * 30) / 90, 1);
  });
});
