import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, sleep } from './helpers.js';
import { seedMinutes } from './seed.js';

const ALL_GROUPS = ['cpu', 'memory', 'swap', 'filesystems', 'disk_io', 'network', 'processes', 'temperatures', 'host'];
const MIN = 60_000;

describe.each(await databaseKinds())('metrics REST (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  let host: string;
  const now = Math.floor(Date.now() / MIN) * MIN;

  beforeAll(async () => {
    t = await createTestApp(kind, { METRICS_INTERVAL_SECONDS: '0.5' });
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    host = t.app.ctx.host;
    const repo = t.app.ctx.services.metrics.historyRepo;
    // 90 minutes of this host (cpu = minute index), 10 of another host, and one hour sample.
    await seedMinutes(repo, host, now - 89 * MIN, 90, (i) => ({ cpu_usage: i, network_rx: 1000 * i }));
    await seedMinutes(repo, 'other-host', now - 9 * MIN, 10, () => ({ cpu_usage: 50 }));
    await seedMinutes(repo, host, now - 3 * 3_600_000, 1, () => ({ cpu_usage: 7 }), 'hour');
  });
  afterAll(async () => t.close());

  it('GET system/metrics/current/: every flat key and every group, for any role; 401 without a token', async () => {
    expect((await api(t.app, 'GET', '/api/system/metrics/current/')).status).toBe(401);
    const res = await api(t.app, 'GET', '/api/v1/system/metrics/current', viewer);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual([
      'timestamp', 'cpu_usage', 'cpu_cores', 'cpu_speed', 'memory_usage', 'memory_total', 'memory_used', 'disk_usage', 'disk_total',
      'disk_used', 'network_rx', 'network_tx', 'uptime', 'server_info', 'security', 'threats', 'alerts', 'extended',
    ]);
    expect(Object.keys(res.body.extended)).toEqual(ALL_GROUPS);
    expect(res.body.server_info.hostname.slice(0, 64)).toBe(host);
  });

  it('concurrent current requests share one sampling; a fresh reading is reused', async () => {
    const metrics = t.app.ctx.services.metrics;
    await sleep(600); // older than the 0.5 s floor
    const before = metrics.samplesTaken;
    const all = await Promise.all(Array.from({ length: 6 }, () => api(t.app, 'GET', '/api/system/metrics/current/', viewer)));
    expect(all.every((r) => r.status === 200)).toBe(true);
    expect(new Set(all.map((r) => r.body.timestamp)).size).toBe(1);
    expect(metrics.samplesTaken - before).toBe(1);
    await api(t.app, 'GET', '/api/system/metrics/current/', viewer);
    expect(metrics.samplesTaken - before).toBe(1);
  });

  it('history: minute points of the serving host, oldest first, with the stored fields', async () => {
    const res = await api(t.app, 'GET', '/api/system/metrics/history/?range=1h', viewer);
    expect(res.status).toBe(200);
    expect(res.body.resolution).toBe('minute');
    expect(res.body.resolution_seconds).toBe(60);
    expect(res.body.count).toBe(res.body.results.length);
    expect(res.body.count).toBeGreaterThanOrEqual(59);
    expect(res.body.count).toBeLessThanOrEqual(61);
    const stamps = res.body.results.map((r: { timestamp: string }) => Date.parse(r.timestamp));
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(Object.keys(res.body.results[0])).toEqual([
      'timestamp', 'cpu_usage', 'memory_usage', 'disk_usage', 'network_rx', 'network_tx', 'load_1', 'swap_usage', 'process_count',
      'cpu_temperature', 'memory_used_bytes', 'disk_read_bytes_per_sec', 'disk_write_bytes_per_sec',
    ]);
    expect(res.body.results.at(-1).cpu_usage).toBe(89);
    expect(res.body.from).toMatch(/\+00:00$/);
  });

  it('history: max_points averages consecutive samples into equal buckets; fields picks columns', async () => {
    const from = new Date(now - 89 * MIN).toISOString();
    const to = new Date(now).toISOString();
    const res = await api(t.app, 'GET', `/api/system/metrics/history/?from=${from}&to=${to}&max_points=9&fields=cpu_usage,cpu_usage_max`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.count).toBeLessThanOrEqual(9);
    expect(res.body.resolution_seconds % 60).toBe(0);
    expect(res.body.resolution_seconds).toBeGreaterThan(60);
    const first = res.body.results[0];
    expect(Object.keys(first)).toEqual(['timestamp', 'cpu_usage', 'cpu_usage_max']);
    const width = res.body.resolution_seconds / 60;
    // Each bucket holds consecutive minutes: its mean lies below its max, both within the minute indices.
    for (const p of res.body.results) expect(p.cpu_usage).toBeLessThanOrEqual(p.cpu_usage_max);
    expect(res.body.results.at(-1).cpu_usage_max).toBe(89);
    expect(res.body.results.reduce((n: number, p: { cpu_usage: number }) => n + (p.cpu_usage >= 0 ? 1 : 0), 0)).toBe(res.body.count);
    expect(width).toBeGreaterThanOrEqual(10);
  });

  it('history: resolution hour, another host, and a host without samples', async () => {
    const hour = await api(t.app, 'GET', '/api/system/metrics/history/?range=6h&resolution=hour', viewer);
    expect(hour.body).toMatchObject({ resolution: 'hour', resolution_seconds: 3600, count: 1 });
    expect(hour.body.results[0]).toMatchObject({ cpu_usage: 7, cpu_usage_max: 7 });
    const other = await api(t.app, 'GET', '/api/system/metrics/history/?range=15m&host=other-host', viewer);
    expect(other.body.results.every((r: { cpu_usage: number }) => r.cpu_usage === 50)).toBe(true);
    expect(other.body.count).toBeGreaterThanOrEqual(9);
    const none = await api(t.app, 'GET', '/api/system/metrics/history/?host=nowhere', viewer);
    expect(none.body).toMatchObject({ count: 0, results: [] });
    const auto = await api(t.app, 'GET', '/api/system/metrics/history/?range=90d', viewer);
    expect(auto.body.resolution).toBe('hour'); // no day samples yet: completed from the finer tiers
    expect((await api(t.app, 'GET', '/api/system/metrics/history/?range=7d', viewer)).body.resolution).toBe('hour');
  });

  it.each([
    ['range=2h', 'range'],
    ['fields=cpu_usage,gpu', 'fields'],
    ['resolution=second', 'resolution'],
    ['max_points=0', 'max_points'],
    ['max_points=2001', 'max_points'],
    ['from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z', 'from'],
    ['from=2023-01-01T00:00:00Z&to=2025-01-01T00:00:00Z', 'from'],
    ['from=2025-01-01T00:00:00', 'from'],
  ])('history: %s → 400 naming %s', async (query, field) => {
    const res = await api(t.app, 'GET', `/api/system/metrics/history/?${query}`, viewer);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid');
    expect(res.body[field]).toHaveLength(1);
  });

  it('history: an offset given as an unencoded + still parses', async () => {
    const res = await api(t.app, 'GET', `/api/system/metrics/history/?from=${new Date(now - 10 * MIN).toISOString().replace('Z', '+00:00')}`, viewer);
    expect(res.status).toBe(200);
    expect(res.body.count).toBeGreaterThanOrEqual(10);
  });

  it('GET system/metrics/hosts/: every host with history, ordered by name', async () => {
    const res = await api(t.app, 'GET', '/api/system/metrics/hosts/', viewer);
    expect(res.status).toBe(200);
    expect(res.body.current_host).toBe(host);
    const names = res.body.hosts.map((h: { host: string }) => h.host);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('other-host');
    const mine = res.body.hosts.find((h: { host: string }) => h.host === host);
    expect(Date.parse(mine.first_sample)).toBe(now - 3 * 3_600_000);
    expect(Date.parse(mine.last_sample)).toBe(now);
  });

  it('GET metrics/: paginated minute samples, newest first, with since/until/host filters', async () => {
    const res = await api(t.app, 'GET', '/api/metrics/?page_size=5', viewer);
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(100);
    expect(res.body.next).toContain('page=2');
    const first = res.body.results[0];
    expect(Object.keys(first)).toEqual([
      'id', 'created_at', 'updated_at', 'timestamp', 'cpu_usage', 'memory_usage', 'disk_usage', 'network_rx', 'network_tx',
      'resolution', 'load_1', 'swap_usage', 'process_count', 'cpu_temperature', 'host',
    ]);
    expect(first.created_at).toBe(first.timestamp);
    expect(first.resolution).toBe('minute');
    const stamps = res.body.results.map((r: { timestamp: string }) => r.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);

    const mine = await api(t.app, 'GET', `/api/metrics/?host=${host}&since=${new Date(now - 4 * MIN).toISOString()}`, viewer);
    expect(mine.body.count).toBe(5);
    const until = await api(t.app, 'GET', `/api/metrics/?host=${host}&until=${new Date(now - 80 * MIN).toISOString()}`, viewer);
    expect(until.body.count).toBe(10);
    expect((await api(t.app, 'GET', '/api/metrics/?since=yesterday', viewer)).status).toBe(400);
    expect((await api(t.app, 'GET', '/api/metrics/?page=99', viewer)).status).toBe(404);
  });

  it('GET metrics/{id}/: one sample; non-integer or unknown ids → 404', async () => {
    const list = await api(t.app, 'GET', '/api/metrics/?page_size=1', viewer);
    const id = list.body.results[0].id;
    const one = await api(t.app, 'GET', `/api/metrics/${id}/`, viewer);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(list.body.results[0]);
    expect((await api(t.app, 'GET', '/api/metrics/abc/', viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', '/api/metrics/99999999/', viewer)).status).toBe(404);
  });
});
