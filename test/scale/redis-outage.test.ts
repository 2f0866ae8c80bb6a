/**
 * Redis unreachable for a while (a private redis-server this file kills and restarts): HTTP and each
 * instance's own sockets keep working, readiness says so, an instance can even start meanwhile; once Redis is
 * back, cross-instance events resume and revocations missed meanwhile take effect.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { QUEUE_PREFIX, queueName } from '../../src/worker/keys.js';
import { USER_PASSWORD } from '../helpers/factories.js';
import { api, connectSocket, login, registerOwner, type RecordingSocket } from './helpers/clients.js';
import { describeScale, sleep, waitFor } from './helpers/environment.js';
import { startCluster, type Cluster, type Instance } from './helpers/instances.js';
import { startEverystProcess, type EverystProcess } from './helpers/processes.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';

await describeScale('scale-out: Redis unreachable for a while', () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let a: string;
  let b: string;
  let c: Instance;
  let owner: string;
  let ownerOnA: RecordingSocket;
  let ownerOnB: RecordingSocket;
  let daveOnB: RecordingSocket;
  let worker: EverystProcess;
  const sockets: RecordingSocket[] = [];
  let n = 0;

  const socketOn = async (url: string, token: string) => {
    const socket = await connectSocket(url, token);
    sockets.push(socket);
    return socket;
  };
  /** A system notification created on A; its title is returned. */
  const announce = async () => {
    const title = `news ${++n}`;
    expect((await api(a, 'POST', '/api/notifications/', owner, { title, message: 'm', is_system: true })).status).toBe(201);
    return title;
  };
  const received = (s: RecordingSocket, title: string) => s.of('notification').some((e) => e.payload.title === title);

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(['api-a', 'api-b'], { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port) });
    [a, b] = cluster.instances.map((i) => i.url);
    owner = await registerOwner(a);
    const dave = await api(a, 'POST', '/api/users/', owner, { username: 'dave', email: 'dave@example.com', password: USER_PASSWORD, role: 'user' });
    expect(dave.status).toBe(201);
    ownerOnA = await socketOn(a, owner);
    ownerOnB = await socketOn(b, owner);
    daveOnB = await socketOn(b, await login(a, 'dave', USER_PASSWORD));
    worker = await startEverystProcess('worker', 'worker-r', {
      DATABASE_URL: cluster.databaseUrl, REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), WORKER_NETWORKS: '10.213.141.0/24',
    });
    const title = await announce();
    await waitFor(() => received(ownerOnB, title), 5000, 'a cross-instance event before the outage');
    await redis.kill();
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await worker?.stop();
    await cluster?.close();
    await redis?.stop();
  });

  it('keeps HTTP working and reports Redis as an error in readiness (liveness stays ok)', async () => {
    for (const url of [a, b]) {
      expect((await api(url, 'GET', '/api/users/', owner)).status).toBe(200);
      expect((await api(url, 'GET', '/api/health/')).status).toBe(200);
      const ready = await api(url, 'GET', '/api/health/ready/');
      expect(ready).toMatchObject({ status: 503, body: { status: 'error', checks: { database: { status: 'ok' }, redis: { status: 'error' } } } });
    }
  });

  it("keeps delivering an instance's events to its own sockets", async () => {
    const title = await announce();
    await waitFor(() => received(ownerOnA, title), 5000, 'the event on the socket of the same instance');
    await sleep(500);
    // Published while Redis is away: lost for the other instance, not queued for later.
    expect(received(ownerOnB, title)).toBe(false);
  });

  it('revokes a session and moves a role on the same instance at once, Redis or not', async () => {
    const erin = await api(a, 'POST', '/api/users/', owner, { username: 'erin', email: 'erin@example.com', password: USER_PASSWORD, role: 'user' });
    expect(erin.status).toBe(201);
    const erinToken = await login(a, 'erin', USER_PASSWORD);
    const erinOnA = await socketOn(a, erinToken);
    const secondOnA = await socketOn(a, await login(a, 'erin', USER_PASSWORD));
    expect((await api(a, 'POST', `/api/users/${erin.body.id}/set_role/`, owner, { role: 'manager' })).status).toBe(200);
    const title = `managers ${++n}`;
    await api(a, 'POST', '/api/notifications/', owner, { title, message: 'm', target_role: 'manager' });
    await waitFor(() => received(secondOnA, title), 5000, 'the role-addressed event on the moved socket');
    const disconnected = new Promise<string>((resolve) => erinOnA.socket.once('disconnect', resolve));
    expect((await api(a, 'POST', '/api/auth/logout/', erinToken)).status).toBeLessThan(300);
    expect(await disconnected).toBe('io server disconnect');
    expect(secondOnA.socket.connected).toBe(true);
  });

  it('starts a new instance while Redis is down', async () => {
    c = await cluster.add('api-c', {
      REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), SCAN_USE_WORKERS: 'true', SCAN_ALLOWED_NETWORKS: '10.213.141.0/24',
    });
    expect((await api(c.url, 'GET', '/api/users/me/', owner)).status).toBe(200);
    await socketOn(c.url, owner);
  });

  it('fails a scan for workers at once, with the reason, while their queue is unreachable', async () => {
    // Never scanned: the scan fails before any worker could take it.
    const started = await api(c.url, 'POST', '/api/network/scans/start_scan/', owner, { ip_range: '10.213.141.5', scan_type: 'basic' });
    expect(started.status, JSON.stringify(started.body)).toBeLessThan(300);
    const scan = await waitFor(async () => {
      const res = await api(c.url, 'GET', `/api/network/scans/${started.body.scan_id}/`, owner);
      return res.body.status === 'queued' ? null : res.body;
    }, 10_000, 'the scan to end');
    expect(scan).toMatchObject({ status: 'failed', errorMessage: 'Scan failed: the scan worker queue (Redis) is unreachable' });
    const ready = await api(c.url, 'GET', '/api/health/ready/');
    expect(ready.body.checks).toMatchObject({ redis: { status: 'error' }, workers: { status: 'none', count: 0 } });
  });

  it('resumes cross-instance events when Redis is back, also for the instance started meanwhile', { timeout: 60_000 }, async () => {
    // Revoked while Redis is away: B cannot hear of it yet.
    expect((await api(a, 'POST', '/api/auth/logout-all/', await login(a, 'dave', USER_PASSWORD))).status).toBeLessThan(300);
    await sleep(300);
    expect(daveOnB.socket.connected).toBe(true);

    // Down for a while: the clients' reconnection attempts have backed off to their longest delay.
    await sleep(5000);
    await redis.restart();
    const onC = sockets[sockets.length - 1];
    await waitFor(async () => {
      const title = await announce();
      await sleep(200);
      return received(ownerOnB, title) && received(onC, title);
    }, 20_000, 'cross-instance events after Redis came back');
    const ready = await api(a, 'GET', '/api/health/ready/');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', checks: { redis: { status: 'ok' } } } });
  });

  it('keeps the scan worker running through the outage; it registers again and takes jobs again', async () => {
    await waitFor(async () => (await api(c.url, 'GET', '/api/health/ready/')).body.checks.workers.count === 1, 15_000, 'the worker registration');
    // A job for a scan that does not exist: the worker takes it and drops it, scanning nothing.
    const scanId = randomUUID();
    const queue = new Queue(queueName('worker-r'), { connection: redis.client(), prefix: QUEUE_PREFIX });
    await queue.add('scan', { scanId, attempt: 1 }, { jobId: `${scanId}.1` });
    await queue.close();
    await waitFor(() => new RegExp(`"scanId":"${scanId}","result":"superseded"`).test(worker.output()), 15_000, 'the worker to take the job');
    expect(worker.output()).not.toMatch(/Unhandled|uncaught/i);
    expect(await worker.stop()).toBe(0);
  });

  it('disconnects, once Redis is back, a socket whose session was revoked during the outage', async () => {
    await waitFor(() => !daveOnB.socket.connected, 10_000, "dave's socket on B to be disconnected");
    expect(daveOnB.of('session_revoked')).toHaveLength(1);
  });
});
