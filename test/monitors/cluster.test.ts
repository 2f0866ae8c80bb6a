import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { createPostgresSchema, postgresReachable } from '../helpers/databases.js';
import { login, registerOwner, OWNER_PASSWORD, type Session } from '../helpers/factories.js';
import { api, sleep, waitFor } from '../metrics/helpers.js';

const reachable = await postgresReachable();
if (!reachable) console.warn('[skip] monitors in a cluster: PostgreSQL is not reachable on 127.0.0.1:5432');

describe.runIf(reachable)('monitors with two instances on one PostgreSQL database', () => {
  let drop: () => Promise<void>;
  const apps: App[] = [];
  let target: Server;
  let hits = 0;
  let port = 0;
  let owner: Session;

  beforeAll(async () => {
    target = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    port = (target.address() as AddressInfo).port;
    const schema = await createPostgresSchema();
    drop = schema.drop;
    for (const name of ['alpha', 'beta']) {
      const { config } = testConfig({ DATABASE_URL: schema.url, EVERYST_INSTANCE_NAME: name });
      apps.push(await buildApp(config, { logger: pino({ level: 'silent' }) }));
    }
    owner = await registerOwner(apps[0]);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await drop?.();
    target?.close();
  });

  it('checks each monitor once, from one instance, also one created on the other', async () => {
    const onBeta = await login(apps[1], 'owner', OWNER_PASSWORD);
    const created = await api(apps[1], 'POST', '/api/monitors/', onBeta, { name: 'Web', type: 'http', target: `http://127.0.0.1:${port}/`, interval_s: 1 });
    expect(created.status).toBe(201);
    // The instance that leads picks it up within its 10 s round; the other only reads.
    await waitFor(async () => (await api(apps[0], 'GET', `/api/monitors/${created.body.id}/`, owner)).body.status === 'up', 15_000, 'checked');
    const before = hits;
    await sleep(3000);
    // One check a second, not two: a second checking instance would double this.
    expect(hits - before).toBeGreaterThanOrEqual(2);
    expect(hits - before).toBeLessThanOrEqual(4);
    await waitFor(async () => (await api(apps[1], 'GET', `/api/monitors/${created.body.id}/`, onBeta)).body.status === 'up', 12_000, 'seen on the other');
  });

  it('a maintenance window written on either instance reaches the one running the checks, and ends there too', async () => {
    const onBeta = await login(apps[1], 'owner', OWNER_PASSWORD);
    const sessions = [owner, onBeta];
    const ids: string[] = [];
    for (const [i, app] of apps.entries()) {
      const res = await api(app, 'POST', '/api/monitors/', sessions[i], { name: `Shop ${i}`, type: 'http', target: `http://127.0.0.1:${port}/`, interval_s: 1 });
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    for (const id of ids) await waitFor(async () => (await api(apps[0], 'GET', `/api/monitors/${id}/`, owner)).body.status === 'up', 15_000, 'checked');
    // One window on each instance: whichever leads, one of them was written elsewhere.
    const now = Date.now();
    const windows: string[] = [];
    for (const [i, app] of apps.entries()) {
      const body = { title: `Upgrade ${i}`, monitors: [ids[i]], starts_at: new Date(now - 60_000).toISOString(), ends_at: new Date(now + 3600_000).toISOString() };
      const res = await api(app, 'POST', '/api/maintenance/', sessions[i], body);
      expect(res.status).toBe(201);
      windows.push(res.body.id);
    }
    for (const [i, app] of apps.entries()) {
      for (const id of ids) await waitFor(async () => (await api(app, 'GET', `/api/monitors/${id}/`, sessions[i])).body.status === 'maintenance', 25_000, `maintenance seen on instance ${i}`);
      await waitFor(async () => (await api(app, 'GET', '/api/maintenance/', sessions[i])).body.count === 2, 12_000, `both windows listed on instance ${i}`);
    }
    for (const [i, app] of apps.entries()) expect((await api(app, 'DELETE', `/api/maintenance/${windows[1 - i]}/`, sessions[i])).status).toBe(204);
    for (const id of ids) await waitFor(async () => (await api(apps[0], 'GET', `/api/monitors/${id}/`, owner)).body.status === 'up', 25_000, 'up after the windows');
  }, 90_000);
});
