import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, sleep, waitFor, type TestSocket } from '../metrics/helpers.js';

const MONITOR_KEYS = [
  'id', 'name', 'type', 'target', 'port', 'interval_s', 'timeout_s', 'retries', 'retry_interval_s', 'resend_every', 'http', 'keyword',
  'invert_keyword', 'json_path', 'expected_value', 'dns', 'tls_expiry_days', 'device_id', 'push_token', 'tags', 'channels', 'active',
  'status', 'last_checked_at', 'last_response_ms', 'last_message', 'cert_expires_at', 'created_at', 'updated_at', 'created_by',
];

/** A loopback HTTP target that can be stopped and started on the same port. */
class Target {
  server: Server | null = null;
  port = 0;
  hits = 0;
  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.hits++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('all good');
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    s?.closeAllConnections();
    await new Promise((resolve) => s?.close(resolve));
  }
}

describe.each(await databaseKinds())('monitors REST and live events (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let socket: TestSocket;
  const target = new Target();
  const get = async (id: string, who = owner) => (await api(t.app, 'GET', `/api/monitors/${id}/`, who)).body;

  beforeAll(async () => {
    await target.start();
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    const port = await t.app.listen();
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'mona', 'manager');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    socket = await connectSocket(port, viewer.access);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await target.stop();
  });

  it('refuses bad definitions with field errors and creates nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'x', type: 'smtp', target: 'a' }, 'type'],
      [{ name: 'x', type: 'http' }, 'target'],
      [{ name: 'x', type: 'http', target: 'ftp://127.0.0.1/' }, 'target'],
      [{ name: 'x', type: 'http', target: 'http://admin:hunter2@127.0.0.1/' }, 'target'],
      [{ name: 'x', type: 'tcp', target: '127.0.0.1' }, 'port'],
      [{ name: 'x', type: 'ping', target: '-oProxy=x' }, 'target'],
      [{ name: 'x', type: 'keyword', target: 'http://127.0.0.1/' }, 'keyword'],
      [{ name: 'x', type: 'http', target: 'http://127.0.0.1/', interval_s: 0 }, 'interval_s'],
      [{ name: 'x', type: 'http', target: 'http://127.0.0.1/', http: { accepted_status: ['2xx'] } }, 'http'],
      [{ name: 'x', type: 'device', device_id: '6f1c7a4e-0000-4000-8000-000000000000' }, 'device_id'],
      [{ name: '', type: 'push' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const res = await api(t.app, 'POST', '/api/monitors/', owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body[field], JSON.stringify(res.body)).toBeDefined();
    }
    expect((await api(t.app, 'GET', '/api/monitors/', owner)).body.count).toBe(0);
    expect((await api(t.app, 'POST', '/api/monitors/', viewer, { name: 'v', type: 'push' })).status).toBe(403);
  });

  it('checks a new monitor within a second, goes down when the target stops and up when it returns, and tells people', async () => {
    expect(await socket.ack('subscribe_monitors')).toEqual({ status: 'success' });
    const res = await api(t.app, 'POST', '/api/monitors/', manager, {
      name: 'Intranet', type: 'http', target: `http://127.0.0.1:${target.port}/health`, interval_s: 1, timeout_s: 0.8, tags: ['lan'],
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(MONITOR_KEYS);
    expect(res.body).toMatchObject({ status: 'pending', http: { method: 'GET', accepted_status: ['200-299'], max_redirects: 10 }, push_token: null });
    const id = res.body.id as string;
    await waitFor(async () => (await get(id)).status === 'up', 6000, 'first check up');
    expect((await get(id)).last_message).toMatch(/200/);

    await waitFor(() => socket.of('monitor_heartbeat').some((e) => e.payload.monitor_id === id), 6000, 'heartbeat event');
    expect(socket.of('monitor_heartbeat').find((e) => e.payload.monitor_id === id)!.payload).toMatchObject({ name: 'Intranet', status: 'up', important: true });

    await target.stop();
    await waitFor(async () => (await get(id)).status === 'down', 8000, 'down after the target stopped');
    await waitFor(() => socket.of('monitor_status').some((e) => e.payload.monitor_id === id && e.payload.status === 'down'), 6000, 'status event');
    const downs = await t.app.ctx.db.selectFrom('notifications').selectAll().where('title', '=', 'Intranet is down').execute();
    await waitFor(async () => (await t.app.ctx.db.selectFrom('notifications').select('user_id').where('title', '=', 'Intranet is down').execute()).length >= 2, 6000, 'down notifications');
    const recipients = (await t.app.ctx.db.selectFrom('notifications').select('user_id').where('title', '=', 'Intranet is down').execute()).map((r) => Number(r.user_id)).sort();
    expect(recipients).toEqual([owner.id, manager.id].sort());
    expect(downs.every((n) => n.source === 'monitor' && n.type === 'error')).toBe(true);

    await target.start();
    await waitFor(async () => (await get(id)).status === 'up', 8000, 'up again');
    await waitFor(async () => (await t.app.ctx.db.selectFrom('notifications').selectAll().where('title', '=', 'Intranet is up').execute()).length === 2, 6000, 'up notifications');
    const up = await t.app.ctx.db.selectFrom('notifications').selectAll().where('title', '=', 'Intranet is up').executeTakeFirstOrThrow();
    expect(up.message).toMatch(/after \d+ s down/);

    // The status shows at once; its heartbeat is stored a moment later (written in batches).
    const importantBeats = () => api(t.app, 'GET', `/api/monitors/${id}/heartbeats/?important=true`, viewer);
    await waitFor(async () => (await importantBeats()).body.count === 3, 3000, 'three status changes stored');
    const important = await importantBeats();
    expect(important.body.results.map((b: { status: string }) => b.status)).toEqual(['up', 'down', 'up']);
    expect(important.body.results[0].time > important.body.results[2].time).toBe(true);
    const incidents = await api(t.app, 'GET', `/api/monitors/${id}/incidents/`, viewer);
    expect(incidents.body.count).toBe(1);
    expect(incidents.body.results[0].ended_at).not.toBeNull();
    const uptime = (await api(t.app, 'GET', `/api/monitors/${id}/uptime/`, viewer)).body;
    expect(Object.keys(uptime)).toEqual(['24h', '7d', '30d', '365d', 'avg_response_ms', 'p95_response_ms']);
    expect(uptime['24h']).toBeGreaterThan(0);
    expect(uptime['24h']).toBeLessThan(1);

    const paused = await api(t.app, 'POST', `/api/monitors/${id}/pause/`, manager, {});
    expect(paused.body).toMatchObject({ active: false, status: 'paused' });
    const hits = target.hits;
    await sleep(1500);
    expect(target.hits).toBe(hits);
    expect((await api(t.app, 'GET', '/api/monitors/summary/', viewer)).body).toEqual({ up: 0, down: 0, pending: 0, maintenance: 0, paused: 1 });
    await api(t.app, 'POST', `/api/monitors/${id}/resume/`, manager, {});
    const now = await api(t.app, 'POST', `/api/monitors/${id}/check/`, manager, {});
    expect(now.status).toBe(200);
    expect(now.body).toMatchObject({ monitor_id: id, status: 'up' });

    expect((await api(t.app, 'DELETE', `/api/monitors/${id}/`, viewer)).status).toBe(403);
    expect((await api(t.app, 'DELETE', `/api/monitors/${id}/`, manager)).status).toBe(204);
    expect((await api(t.app, 'GET', `/api/monitors/${id}/`, viewer)).status).toBe(404);
    expect(await t.app.ctx.db.selectFrom('monitor_heartbeats').select('monitor_id').where('monitor_id', '=', id).execute()).toEqual([]);
  });

  it('takes pushes with the token, shows the token to managers only, and goes down when pushes stop', async () => {
    const created = await api(t.app, 'POST', '/api/monitors/', owner, { name: 'Backup job', type: 'push', interval_s: 1 });
    expect(created.status).toBe(201);
    const token = created.body.push_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect((await get(created.body.id, viewer)).push_token).toBeNull();
    expect((await get(created.body.id, manager)).push_token).toBe(token);

    expect((await api(t.app, 'GET', `/api/push/${token}?status=up&msg=nightly%20ok&ping=12`)).body).toEqual({ ok: true });
    await waitFor(async () => (await get(created.body.id)).status === 'up', 2000, 'push up');
    expect(await get(created.body.id)).toMatchObject({ last_message: 'nightly ok', last_response_ms: 12 });
    expect((await api(t.app, 'POST', '/api/push/not-a-token')).status).toBe(404);
    await waitFor(async () => (await get(created.body.id)).status === 'down', 4000, 'down after silence');
    expect((await get(created.body.id)).last_message).toMatch(/No push received/);
  });

  it('lists with filters, search and ordering, and refuses a bad filter', async () => {
    for (const [name, tags] of [['Alpha', ['a']], ['beta', ['b']], ['Gamma', ['a', 'b']]] as const) {
      await api(t.app, 'POST', '/api/monitors/', owner, { name, type: 'tcp', target: '127.0.0.1', port: target.port, interval_s: 60, tags, active: false });
    }
    const names = async (q: string) => (await api(t.app, 'GET', `/api/monitors/${q}`, viewer)).body.results.map((m: { name: string }) => m.name);
    expect(await names('?tag=a')).toEqual(['Alpha', 'Gamma']);
    expect(await names('?search=ETA')).toEqual(['beta']);
    expect(await names('?type=tcp&status=paused')).toEqual(['Alpha', 'beta', 'Gamma']);
    const list = await api(t.app, 'GET', '/api/monitors/?page_size=2', viewer);
    expect(list.body.count).toBeGreaterThanOrEqual(4);
    expect(list.body.next).toContain('page=2');
    expect(Object.keys(list.body.results[0])).toEqual([...MONITOR_KEYS, 'uptime_24h', 'uptime_30d', 'recent_response_ms']);
    // The list is cached for a moment, but an edit shows at once.
    const alpha = list.body.results[0];
    await api(t.app, 'PATCH', `/api/monitors/${alpha.id}/`, owner, { name: 'Aardvark' });
    expect((await api(t.app, 'GET', '/api/monitors/?page_size=2', viewer)).body.results[0].name).toBe('Aardvark');
    const bad = await api(t.app, 'GET', '/api/monitors/?status=sideways', viewer);
    expect(bad.status).toBe(400);
    expect(bad.body.status).toBeDefined();
  });
});
