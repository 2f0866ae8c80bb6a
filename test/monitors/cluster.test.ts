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
});
