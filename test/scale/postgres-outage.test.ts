/**
 * The database connection dropped while the server runs: through a TCP proxy this file cuts (PostgreSQL
 * itself keeps running), and by terminating this test's own backends. The API answers 503 JSON meanwhile and
 * recovers without a restart.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresSchema, POSTGRES_URL, postgresReachable } from '../helpers/databases.js';
import { api, registerOwner } from './helpers/clients.js';
import { sleep, waitFor } from './helpers/environment.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const reachable = await postgresReachable();
const UNAVAILABLE = { detail: 'Service temporarily unavailable.', code: 'service_unavailable' };

describe.skipIf(!reachable)(`scale-out: the PostgreSQL connection drops${reachable ? '' : ' (skipped: PostgreSQL is unreachable)'}`, () => {
  let proxy: TcpProxy;
  let schema: { url: string; drop(): Promise<void> };
  let cluster: Cluster;
  let url: string;
  let owner: string;
  /** Names this test's connections, so that only they are terminated. */
  const applicationName = `everyst_scale_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    schema = await createPostgresSchema();
    const target = new URL(POSTGRES_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(schema.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    viaProxy.searchParams.set('application_name', applicationName);
    cluster = await startCluster(['api-a'], {}, viaProxy.toString());
    url = cluster.instances[0].url;
    owner = await registerOwner(url);
  });

  afterAll(async () => {
    await cluster?.close();
    await proxy?.close();
    await schema?.drop();
  });

  it('answers 503 JSON while the database is cut off, then recovers without a restart', async () => {
    expect((await api(url, 'GET', '/api/users/', owner)).status).toBe(200);
    await proxy.cut();
    const res = await api(url, 'GET', '/api/users/', owner);
    expect(res).toMatchObject({ status: 503, body: UNAVAILABLE });
    expect(await api(url, 'GET', '/api/health/')).toMatchObject({ status: 503, body: { status: 'error', ...UNAVAILABLE } });
    expect(await api(url, 'GET', '/api/health/ready/')).toMatchObject({ status: 503, body: { status: 'error', checks: { database: { status: 'error' } } } });
    await sleep(2000);
    await proxy.restore();
    await waitFor(async () => (await api(url, 'GET', '/api/users/', owner)).status === 200, 15_000, 'the API to answer again');
    expect((await api(url, 'GET', '/api/health/ready/')).status).toBe(200);
  }, 60_000);

  it('survives its connections being terminated by the server: 503 at worst, never 500, then 200', async () => {
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    try {
      const killed = await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [applicationName],
      );
      expect(killed.rowCount).toBeGreaterThan(0);
    } finally {
      await admin.end();
    }
    const statuses: number[] = [];
    await waitFor(async () => {
      const res = await api(url, 'GET', '/api/users/', owner);
      statuses.push(res.status);
      if (res.status !== 200) expect(res.body).toEqual(UNAVAILABLE);
      return res.status === 200;
    }, 15_000, 'the API to answer again');
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
  }, 60_000);
});
