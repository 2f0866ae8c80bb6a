import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { createPostgresSchema, databaseKinds } from '../helpers/databases.js';
import { registerOwner } from '../helpers/factories.js';
import { freePort } from '../helpers/ports.js';
import { api, sleep, waitFor } from '../metrics/helpers.js';
import { startAgent, waitForLog, type AgentProcess } from './helpers.js';

const INTERVAL_S = 0.5;

describe.each(await databaseKinds())('an agent across a server restart (%s)', (kind) => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  it('buffers while the server is down and sends the buffer in order: no sample lost, none doubled, history merged', async () => {
    const pgSchema = kind === 'postgres' ? await createPostgresSchema() : null;
    if (pgSchema) cleanups.push(() => pgSchema.drop());
    const port = await freePort();
    const { config, dataDir } = testConfig({ API_HOST: '127.0.0.1', API_PORT: String(port), ...(pgSchema ? { DATABASE_URL: pgSchema.url } : {}) });
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const received: Array<{ at: number; live: boolean; instance: number }> = [];
    let current: App | null = null;
    const start = async (instance: number) => {
      const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
      app.ctx.bus.on('agentSample', ({ snapshot, live }) => received.push({ at: Date.parse(snapshot.timestamp), live, instance }));
      await app.listen();
      current = app;
      return app;
    };
    cleanups.push(() => current?.close());

    const first = await start(1);
    const owner = await registerOwner(first);
    const created = (await api(first, 'POST', '/api/agents/', owner, { name: 'restart-1' })).body;
    const agent: AgentProcess = startAgent(`http://127.0.0.1:${port}`, created.token, { env: { AGENT_INTERVAL_S: String(INTERVAL_S) } });
    cleanups.push(() => agent.stop());
    await waitFor(() => received.length >= 4, 20_000, 'samples before the restart');

    await first.close();
    current = null;
    await sleep(3000); // about six samples go into the agent's buffer
    const second = await start(2);
    await waitForLog(agent, 'backlog sent', 1, 30_000);
    await waitFor(() => received.filter((r) => r.instance === 2 && r.live).length >= 4, 20_000, 'live samples after the restart');
    await agent.stop();
    await sleep(300);

    const stopped = agent.logged('stopped')[0];
    expect(stopped.dropped).toBe(0);
    // Every sample the agent took reached one server or the other, once.
    expect(received.length).toBe(stopped.taken - stopped.buffered);
    const stamps = received.map((r) => r.at);
    expect(new Set(stamps).size).toBe(stamps.length);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]);
    // The server-down stretch is covered by the backlog: no hole longer than a few intervals.
    const gaps = stamps.slice(1).map((s, i) => s - stamps[i]);
    expect(Math.max(...gaps)).toBeLessThan(INTERVAL_S * 1000 * 3);
    const backlog = received.filter((r) => r.instance === 2 && !r.live);
    expect(backlog.length).toBeGreaterThanOrEqual(4);
    expect(backlog[0].at).toBeGreaterThan(received.filter((r) => r.instance === 1).at(-1)!.at);

    // Both servers wrote the minutes they held (the first at shutdown); a minute split by the restart is one merged row.
    await second.ctx.services.metrics.agentHistory.flushAll();
    const rows = await second.ctx.db.selectFrom('system_metrics').select(['timestamp', 'sample_count'])
      .where('host', '=', created.id).where('resolution', '=', 'minute').execute();
    expect(new Set(rows.map((r) => r.timestamp)).size).toBe(rows.length);
    expect(rows.reduce((n, r) => n + Number(r.sample_count), 0)).toBe(received.length);
  });
});

describe('an agent whose server stays away longer than AGENT_BUFFER_S (sqlite)', () => {
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterAll(async () => {
    for (const fn of cleanups.reverse()) await fn();
  });

  it('keeps the newest AGENT_BUFFER_S of samples, drops the oldest first and counts them', async () => {
    const port = await freePort();
    const { config, dataDir } = testConfig({ API_HOST: '127.0.0.1', API_PORT: String(port) });
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const setup = await buildApp(config, { logger: pino({ level: 'silent' }) });
    const owner = await registerOwner(setup);
    const created = (await api(setup, 'POST', '/api/agents/', owner, { name: 'far-1' })).body;
    await setup.close();

    // Nothing listens yet: 2 s of buffer at 0.5 s is 4 samples.
    const agent = startAgent(`http://127.0.0.1:${port}`, created.token, { env: { AGENT_INTERVAL_S: '0.5', AGENT_BUFFER_S: '2' } });
    cleanups.push(() => agent.stop());
    await waitForLog(agent, 'buffer full, oldest samples dropped', 1, 20_000);
    await sleep(2000);
    const received: Array<{ at: number; live: boolean }> = [];
    const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
    cleanups.push(() => app.close());
    app.ctx.bus.on('agentSample', ({ snapshot, live }) => received.push({ at: Date.parse(snapshot.timestamp), live }));
    const startedAt = Date.now();
    await app.listen();
    await waitForLog(agent, 'backlog sent', 1, 40_000);
    await agent.stop();
    const stopped = agent.logged('stopped')[0];
    const backlog = received.filter((r) => !r.live);
    expect(backlog.length).toBeGreaterThanOrEqual(3);
    expect(backlog.length).toBeLessThanOrEqual(4);
    // The newest were kept: the oldest sample sent is at most the buffer's span older than the connection.
    const connectedAt = Date.parse(agent.logged('connected')[0].time);
    expect(connectedAt).toBeGreaterThanOrEqual(startedAt - 1000);
    expect(backlog[0].at).toBeGreaterThan(connectedAt - 2000 - 1000);
    expect(stopped.dropped).toBeGreaterThan(0);
    expect(received.length + stopped.dropped + stopped.buffered).toBe(stopped.taken);
  });
});
