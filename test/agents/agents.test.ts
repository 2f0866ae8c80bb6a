import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io } from 'socket.io-client';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, sleep, waitFor, type Json, type TestSocket } from '../metrics/helpers.js';
import type { ChannelEvent } from '../../src/realtime/channel-events.js';
import { startAgent, waitForLog, type AgentProcess } from './helpers.js';

const AGENT_KEYS = ['id', 'name', 'hostname', 'token_set', 'last_seen_at', 'online', 'version', 'os', 'tags'];

describe.each(await databaseKinds())('agents (%s)', (kind) => {
  let t: TestApp;
  let port: number;
  let server: string;
  let owner: Session;
  let viewer: Session;
  let dashboard: TestSocket;
  const agents: AgentProcess[] = [];
  const notices: ChannelEvent[] = [];

  const register = async (name: string) => {
    const res = await api(t.app, 'POST', '/api/agents/', owner, { name, tags: ['lab'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as Json;
  };
  const launch = (token: string, args: string[] = []) => {
    const agent = startAgent(server, token, { args });
    agents.push(agent);
    return agent;
  };
  const agentSockets = () => t.app.ctx.gateway.io.of('/agents').sockets.size;

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1', AGENT_OFFLINE_AFTER_S: '3', PROMETHEUS_ENABLED: 'true' });
    port = await t.app.listen();
    server = `http://127.0.0.1:${port}`;
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    dashboard = await connectSocket(port, viewer.access);
    t.app.ctx.bus.on('notify', (e) => notices.push(e));
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    dashboard?.close();
    await t?.close();
  });

  it('registers agents with a token shown once, checks bodies and permissions', async () => {
    const created = await register('web-1');
    expect(Object.keys(created).sort()).toEqual([...AGENT_KEYS, 'token'].sort());
    expect(created).toMatchObject({ name: 'web-1', token_set: true, online: false, last_seen_at: null, tags: ['lab'] });
    expect(created.token).toMatch(/^eva_[A-Za-z0-9_-]{43}$/);
    const got = await api(t.app, 'GET', `/api/agents/${created.id}/`, viewer);
    expect(got.status).toBe(200);
    expect(Object.keys(got.body).sort()).toEqual([...AGENT_KEYS].sort());
    const list = await api(t.app, 'GET', '/api/agents/', viewer);
    expect(list.body.count).toBe(1);
    expect(JSON.stringify(list.body)).not.toContain(created.token);
    const stored = await t.app.ctx.db.selectFrom('agents').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(created.token);

    for (const [body, field] of [[{}, 'name'], [{ name: '' }, 'name'], [{ name: 'WEB-1' }, 'name'], [{ name: 'x'.repeat(101) }, 'name'], [{ name: 'ok', tags: 'a' }, 'tags']] as const) {
      const res = await api(t.app, 'POST', '/api/agents/', owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body[field]).toBeDefined();
    }
    expect((await api(t.app, 'POST', '/api/agents/', viewer, { name: 'v' })).status).toBe(403);
    expect((await api(t.app, 'PATCH', `/api/agents/${created.id}/`, viewer, { name: 'v' })).status).toBe(403);
    expect((await api(t.app, 'POST', `/api/agents/${created.id}/rotate-token/`, viewer, {})).status).toBe(403);
    expect((await api(t.app, 'DELETE', `/api/agents/${created.id}/`, viewer)).status).toBe(403);
    expect((await api(t.app, 'GET', '/api/agents/', undefined)).status).toBe(401);
    expect((await api(t.app, 'GET', '/api/agents/not-a-uuid/', viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', '/api/agents/6f1c7a4e-0000-4000-8000-000000000000/', viewer)).status).toBe(404);
    const patched = await api(t.app, 'PATCH', `/api/agents/${created.id}/`, owner, { tags: ['lab', 'eu'] });
    expect(patched.body.tags).toEqual(['lab', 'eu']);
    await api(t.app, 'DELETE', `/api/agents/${created.id}/`, owner);
  });

  it('runs the agent without loading the database, HTTP server, scanner or any server module', async () => {
    const created = await register('lean-1');
    const record = join(tmpdir(), `everyst-agent-modules-${process.pid}-${kind}.txt`);
    const agent = startAgent(server, created.token, {
      nodeArgs: ['--import', resolve(import.meta.dirname, 'fixtures', 'record-modules.mjs')], env: { RECORD_MODULES_TO: record },
    });
    await waitForLog(agent, 'connected');
    await agent.stop();
    const loaded = readFileSync(record, 'utf8').split('\n');
    rmSync(record, { force: true });
    expect(loaded.some((url) => url.endsWith('/src/system/metrics/collector.ts'))).toBe(true);
    expect(loaded.some((url) => url.includes('/node_modules/socket.io-client/'))).toBe(true);
    const forbidden = loaded.filter((url) =>
      /\/src\/(db|http|modules|jobs|worker|auth|realtime|system\/network|app\.ts|main\.ts)/.test(url)
      || /\/node_modules\/(fastify|kysely|better-sqlite3|pg|bullmq|ioredis|undici)\//.test(url));
    expect(forbidden).toEqual([]);
  });

  it('refuses a wrong token with connect_error "Invalid agent token"', async () => {
    for (const token of ['eva_' + 'A'.repeat(43), 'nonsense', undefined]) {
      const socket = io(`${server}/agents`, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
      const error = await new Promise<Error & { data?: Json }>((resolve) => socket.once('connect_error', resolve));
      socket.close();
      expect(error.message).toBe('Invalid agent token');
    }
  });

  it('acknowledges malformed, future and repeated samples without taking them', async () => {
    const created = await register('raw-1');
    const socket = io(`${server}/agents`, { transports: ['websocket'], auth: { token: created.token }, reconnection: false, forceNew: true });
    await new Promise<void>((ok, fail) => socket.once('connect', () => ok()).once('connect_error', fail));
    const send = (event: string, payload: unknown) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Json>;
    const taken: string[] = [];
    const onSample = ({ agentId, snapshot }: { agentId: string; snapshot: { timestamp: string } }) => void (agentId === created.id && taken.push(snapshot.timestamp));
    t.app.ctx.bus.on('agentSample', onSample);
    try {
      const good = (await api(t.app, 'GET', '/api/system/metrics/current/', viewer)).body;
      for (const bad of ['x', null, {}, { ...good, cpu_usage: 'high' }, { ...good, extended: { ...good.extended, cpu: undefined } }, { ...good, timestamp: 'soon' }]) {
        const ack = await send('agent_sample', bad);
        expect(ack, JSON.stringify(bad)?.slice(0, 80)).toMatchObject({ status: 'error', accepted: 0, rejected: 1 });
        expect(typeof ack.problem).toBe('string');
      }
      expect(await send('agent_backlog', { samples: 'many' })).toMatchObject({ status: 'error' });
      expect(await send('agent_backlog', { samples: Array(601).fill({}) })).toMatchObject({ status: 'error' });
      const future = new Date(Date.now() + 3600_000).toISOString();
      expect(await send('agent_sample', { ...good, timestamp: future })).toMatchObject({ accepted: 0, rejected: 1 });
      const stamp = new Date(Date.now() - 1000).toISOString();
      expect(await send('agent_sample', { ...good, timestamp: stamp })).toMatchObject({ status: 'success', accepted: 1 });
      const older = new Date(Date.now() - 5000).toISOString();
      expect(await send('agent_backlog', { samples: [{ ...good, timestamp: older }, { ...good, timestamp: stamp }] }))
        .toMatchObject({ status: 'success', accepted: 0, duplicates: 2 });
      expect(taken).toEqual([stamp]);
      // A flood is answered, not parsed: beyond a burst, messages are refused until the budget refills.
      const flood = await Promise.all(Array.from({ length: 80 }, () => send('agent_sample', 'x')));
      expect(flood.filter((a) => a.detail === 'Too many messages: slow down').length).toBeGreaterThan(20);
      expect((await api(t.app, 'GET', `/api/system/metrics/current/?host=${created.id}`, viewer)).body.timestamp).toBe(stamp);
    } finally {
      t.app.ctx.bus.off('agentSample', onSample);
      socket.close();
    }
  });

  it('live values reach a dashboard socket watching the host; current, hosts, history and Prometheus name it', async () => {
    const created = await register('db-1');
    const agent = launch(created.token);
    await waitForLog(agent, 'connected');
    const ack = await dashboard.ack('subscribe_metrics', { host: created.id });
    expect(ack).toMatchObject({ status: 'success', host: created.id });
    await waitFor(() => dashboard.of('metrics_update').some((e) => e.payload.host === created.id), 10_000, 'an agent metrics_update');
    const pushed = dashboard.of('metrics_update').filter((e) => e.payload.host === created.id).at(-1)!.payload;
    expect(pushed.extended.cpu.logical_cores).toBeGreaterThan(0);
    expect(typeof pushed.cpu_usage).toBe('number');

    const row = (await api(t.app, 'GET', `/api/agents/${created.id}/`, viewer)).body;
    expect(row).toMatchObject({ online: true, token_set: true });
    expect(row.hostname).not.toBe('');
    expect(row.version).toMatch(/^\d+\.\d+\.\d+/);

    const current = await api(t.app, 'GET', `/api/system/metrics/current/?host=${created.id}`, viewer);
    expect(current.status).toBe(200);
    expect(current.body.extended.host.hostname).toBe(row.hostname);
    expect((await api(t.app, 'GET', '/api/system/metrics/current/?host=6f1c7a4e-0000-4000-8000-000000000000', viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', '/api/system/metrics/current/?host=nowhere', viewer)).status).toBe(404);
    const viaSocket = await dashboard.ack('get_current_metrics', { host: created.id });
    expect(viaSocket.metrics.timestamp).toBeDefined();
    expect((await dashboard.ack('subscribe_metrics', { host: 'nowhere' })).status).toBe('error');

    const hosts = (await api(t.app, 'GET', '/api/system/metrics/hosts/', viewer)).body;
    expect(hosts.hosts.find((h: Json) => h.host === created.id)).toMatchObject({ kind: 'agent', agent_id: created.id, name: 'db-1', online: true });

    // Two samples or more taken (a loaded machine can be slower than the agent's interval).
    await waitFor(() => dashboard.of('metrics_update').filter((e) => e.payload.host === created.id).length >= 2, 15_000, 'two agent samples');
    // The open minute is written at shutdown or when it ends; written now, it is the agent's history.
    await t.app.ctx.services.metrics.agentHistory.flushAll();
    const history = await api(t.app, 'GET', `/api/system/metrics/history/?host=${created.id}&range=15m`, viewer);
    expect(history.status).toBe(200);
    expect(history.body.count).toBeGreaterThan(0);
    expect(typeof history.body.results[0].cpu_usage).toBe('number');
    const stored = await t.app.ctx.db.selectFrom('system_metrics').select(['host', 'sample_count']).where('host', '=', created.id).execute();
    expect(stored.reduce((n, r) => n + Number(r.sample_count), 0)).toBeGreaterThan(1); // every sample counted, under the agent's id

    const text = (await t.app.http.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(new RegExp(`everyst_cpu_usage_percent\\{host="${created.id}"\\} `));
    expect(text).toMatch(/^everyst_cpu_usage_percent [\d.]+$/m);
    expect(text).toContain(`everyst_agent_online{host="${created.id}",name="db-1"} 1`);
    await dashboard.ack('subscribe_metrics', {});
  });

  it('rotating the token disconnects the agent at once; it returns once the new token is in its file', async () => {
    const created = await register('cache-1');
    const agent = launch(created.token);
    await waitForLog(agent, 'connected');
    const before = agentSockets();
    const rotated = await api(t.app, 'POST', `/api/agents/${created.id}/rotate-token/`, owner, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.token).not.toBe(created.token);
    expect(agentSockets()).toBe(before - 1); // at once, not after a ping timeout
    await waitForLog(agent, 'disconnected');
    expect(agent.logged('disconnected')[0].reason).toBe('io server disconnect');
    await waitFor(() => agent.logged('connection refused').some((l) => l.error === 'Invalid agent token'), 20_000, 'the old token refused');
    agent.writeToken(rotated.body.token);
    let samples = 0;
    const count = ({ agentId }: { agentId: string }) => void (agentId === created.id && samples++);
    t.app.ctx.bus.on('agentSample', count);
    await waitForLog(agent, 'connected', 2, 40_000);
    await waitFor(() => samples >= 2, 10_000, 'samples under the new token');
    t.app.ctx.bus.off('agentSample', count);
  });

  it('deleting an agent disconnects it and refuses its token', async () => {
    const created = await register('tmp-1');
    const agent = launch(created.token);
    await waitForLog(agent, 'connected');
    const before = agentSockets();
    expect((await api(t.app, 'DELETE', `/api/agents/${created.id}/`, owner)).status).toBe(204);
    expect(agentSockets()).toBe(before - 1);
    await waitFor(() => agent.logged('connection refused').some((l) => l.error === 'Invalid agent token'), 20_000, 'the deleted agent refused');
    expect((await api(t.app, 'GET', `/api/agents/${created.id}/`, viewer)).status).toBe(404);
  });

  it('a silent agent goes offline (event, notice to monitor managers), and back online when it reports again', async () => {
    const created = await register('batch-1');
    const agent = launch(created.token);
    await waitForLog(agent, 'connected');
    await sleep(1500);
    const since = notices.length;
    agent.pause();
    await waitFor(() => notices.slice(since).some((n) => n.event === 'agent.offline' && n.title.includes('batch-1')), 15_000, 'agent.offline');
    expect((await api(t.app, 'GET', `/api/agents/${created.id}/`, viewer)).body.online).toBe(false);
    // The socket event reaches the dashboard just after the bus event.
    await waitFor(() => dashboard.of('agent_status').some((e) => e.payload.agent_id === created.id && e.payload.online === false), 5000, 'agent_status offline');
    // The notice is written just after the event goes out.
    await waitFor(async () => JSON.stringify((await api(t.app, 'GET', '/api/notifications/', owner)).body).includes('Agent offline: batch-1'), 5000, 'the owner\'s notice');
    const viewerNotes = (await api(t.app, 'GET', '/api/notifications/', viewer)).body;
    expect(JSON.stringify(viewerNotes)).not.toContain('Agent offline: batch-1');
    agent.resume();
    await waitFor(() => notices.slice(since).some((n) => n.event === 'agent.online' && n.title.includes('batch-1')), 15_000, 'agent.online');
    expect((await api(t.app, 'GET', `/api/agents/${created.id}/`, viewer)).body.online).toBe(true);
    expect(notices.slice(since).filter((n) => n.event === 'agent.offline' && n.title.includes('batch-1'))).toHaveLength(1);
  });
});
