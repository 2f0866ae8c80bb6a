import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, waitFor } from '../metrics/helpers.js';
import pino from 'pino';

/** Every key the public answers may show (monitoring.md §4): nothing else about the installation. */
const PUBLIC_KEYS = new Set([
  'title', 'description', 'overall', 'monitors', 'name', 'status', 'uptime', '24h', '30d', '90d', 'days', 'date', 'response_ms',
  'incidents', 'monitor', 'started_at', 'ended_at', 'duration_s', 'message', 'footer', 'updated_at',
]);
function keysOf(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((v) => keysOf(v, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) {
    out.add(k);
    keysOf(v, out);
  }
  return out;
}

describe.each(await databaseKinds())('maintenance windows, status pages and badges (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let viewer: Session;
  const tcp = createTcpServer((s) => s.end());
  let port = 0;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    port = (tcp.address() as AddressInfo).port;
    t = await createTestApp(kind, { PROMETHEUS_ENABLED: 'true' });
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    for (const name of ['Shop', 'Secret backend', 'Closed port']) {
      const res = await api(t.app, 'POST', '/api/monitors/', owner, {
        name, type: 'tcp', target: '127.0.0.1', port: name === 'Closed port' ? 1 : port, interval_s: 1, tags: ['public'],
      });
      ids[name] = res.body.id;
    }
    await waitFor(async () => (await api(t.app, 'GET', '/api/monitors/summary/', viewer)).body.up === 2, 6000, 'two monitors up');
    await waitFor(async () => (await api(t.app, 'GET', '/api/monitors/summary/', viewer)).body.down === 1, 6000, 'one down');
  });
  afterAll(async () => {
    await t?.close();
    tcp.close();
  });

  it('a window puts its monitors in maintenance and leaves the others alone', async () => {
    const now = Date.now();
    const body = { title: 'Shop upgrade', monitors: [ids.Shop], starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 3600_000).toISOString() };
    expect((await api(t.app, 'POST', '/api/maintenance/', viewer, body)).status).toBe(403);
    const res = await api(t.app, 'POST', '/api/maintenance/', owner, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Shop upgrade', active_now: true, recurrence: null, all_monitors: false });
    await waitFor(async () => (await api(t.app, 'GET', `/api/monitors/${ids.Shop}/`, viewer)).body.status === 'maintenance', 5000, 'maintenance status');
    expect((await api(t.app, 'GET', `/api/monitors/${ids['Secret backend']}/`, viewer)).body.status).toBe('up');
    expect((await api(t.app, 'GET', '/api/maintenance/', viewer)).body).toMatchObject({ count: 1, results: [{ id: res.body.id }] });
    const bad = await api(t.app, 'POST', '/api/maintenance/', owner, { ...body, recurrence: { rrule: 'FREQ=NEVER', duration_s: 60 } });
    expect(bad.status).toBe(400);
    expect(bad.body.recurrence).toBeDefined();
    expect((await api(t.app, 'DELETE', `/api/maintenance/${res.body.id}/`, owner)).status).toBe(204);
    await waitFor(async () => (await api(t.app, 'GET', `/api/monitors/${ids.Shop}/`, viewer)).body.status === 'up', 5000, 'up after the window');
  });

  it('publishes a page whose public answer shows only the allowed keys, and badges for its monitors only', async () => {
    const page = { slug: 'home', title: 'Home services', monitors: [ids.Shop, ids['Closed port']], published: false, footer: 'Run by us' };
    expect((await api(t.app, 'POST', '/api/status-pages/', owner, { ...page, slug: 'No Spaces!' })).status).toBe(400);
    expect((await api(t.app, 'POST', '/api/status-pages/', owner, page)).status).toBe(201);
    expect((await api(t.app, 'GET', '/api/public/status/home/')).status).toBe(404);
    expect((await api(t.app, 'GET', `/api/public/badge/${ids.Shop}/status.svg`)).status).toBe(404);
    await api(t.app, 'PATCH', '/api/status-pages/home/', owner, { published: true });

    const pub = await api(t.app, 'GET', '/api/public/status/home/');
    expect(pub.status).toBe(200);
    expect([...keysOf(pub.body)].filter((k) => !PUBLIC_KEYS.has(k))).toEqual([]);
    const text = JSON.stringify(pub.body);
    for (const secret of [ids.Shop, ids['Secret backend'], 'Secret backend', '127.0.0.1', String(port), 'owner']) expect(text).not.toContain(secret);
    expect(pub.body).toMatchObject({ title: 'Home services', overall: 'degraded', footer: 'Run by us' });
    expect(pub.body.monitors.map((m: { name: string; status: string }) => [m.name, m.status])).toEqual([['Shop', 'up'], ['Closed port', 'down']]);
    expect(pub.body.monitors[0].days).toHaveLength(90);
    expect(pub.body.monitors[0].uptime['24h']).toBeGreaterThan(0);
    expect(pub.body.monitors[0]).not.toHaveProperty('response_ms');
    expect(pub.body.incidents.map((i: { monitor: string }) => i.monitor)).toContain('Closed port');

    const svg = await t.app.http.inject({ method: 'GET', url: `/api/public/badge/${ids.Shop}/status.svg` });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.headers['cache-control']).toBe('max-age=60');
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg.body);
    expect(parsed.svg.title).toBe('status: up');
    const uptime = await t.app.http.inject({ method: 'GET', url: `/api/public/badge/${ids['Closed port']}/uptime.svg?window=7d` });
    expect(new XMLParser().parse(uptime.body).svg.title).toBe('uptime 7d: 0.00%');
    expect((await api(t.app, 'GET', `/api/public/badge/${ids['Secret backend']}/status.svg`)).status).toBe(404);
    expect((await api(t.app, 'GET', '/api/public/status/nope/')).body).toEqual({ detail: 'Not found.', code: 'not_found' });
  });

  it('exports each monitor to Prometheus', async () => {
    const res = await t.app.http.inject({ method: 'GET', url: '/metrics' });
    expect(res.body).toContain('everyst_monitor_up{name="Secret backend",type="tcp"} 1');
    expect(res.body).toContain('everyst_monitor_up{name="Closed port",type="tcp"} 0');
    expect(res.body).toMatch(/everyst_monitor_response_ms\{name="Shop",type="tcp"\} [\d.]+/);
  });
});

describe('a restart', () => {
  it('keeps status, history and schedules: every monitor checks again within one interval', async () => {
    const tcp = createTcpServer((s) => s.end());
    await new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r));
    const port = (tcp.address() as AddressInfo).port;
    const { config, dataDir } = testConfig();
    let app: App = await buildApp(config, { logger: pino({ level: 'silent' }) });
    const owner = await registerOwner(app);
    const created = await api(app, 'POST', '/api/monitors/', owner, { name: 'db', type: 'tcp', target: '127.0.0.1', port, interval_s: 2 });
    const id = created.body.id as string;
    await waitFor(async () => (await api(app, 'GET', `/api/monitors/${id}/`, owner)).body.status === 'up', 6000, 'up');
    const before = await api(app, 'GET', `/api/monitors/${id}/heartbeats/`, owner);
    await app.close();

    app = await buildApp(config, { logger: pino({ level: 'silent' }) });
    try {
      const after = await api(app, 'GET', `/api/monitors/${id}/`, owner);
      expect(after.body.status).toBe('up');
      expect((await api(app, 'GET', `/api/monitors/${id}/heartbeats/`, owner)).body.count).toBeGreaterThanOrEqual(before.body.count);
      const lastBefore = after.body.last_checked_at as string;
      await waitFor(async () => (await api(app, 'GET', `/api/monitors/${id}/`, owner)).body.last_checked_at !== lastBefore, 4500, 'checked again');
    } finally {
      await app.close();
      tcp.close();
      (await import('node:fs')).rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
