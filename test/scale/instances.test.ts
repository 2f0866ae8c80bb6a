/**
 * Two API instances sharing PostgreSQL and a private Redis: events, revocations and role moves cross
 * instances through the Socket.IO Redis adapter; `metrics_update` stays local; a cluster job runs on one
 * instance only; readiness reports Redis and workers.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { OWNER_PASSWORD, USER_PASSWORD } from '../helpers/factories.js';
import { api, connectSocket, login, registerOwner, type RecordingSocket } from './helpers/clients.js';
import { describeScale, sleep, waitFor } from './helpers/environment.js';
import { startCluster, type Cluster } from './helpers/instances.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';

await describeScale('scale-out: API instances share events through Redis', () => {
  let redis: TestRedis;
  let cluster: Cluster;
  let a: string;
  let b: string;
  let owner: string;
  const sockets: RecordingSocket[] = [];

  const socketOn = async (url: string, token: string) => {
    const socket = await connectSocket(url, token);
    sockets.push(socket);
    return socket;
  };
  const createUser = async (username: string, role: string) => {
    const res = await api(a, 'POST', '/api/users/', owner, { username, email: `${username}@example.com`, password: USER_PASSWORD, role });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { id: res.body.id as number, token: await login(a, username, USER_PASSWORD) };
  };
  const notify = (body: Record<string, unknown>) => api(a, 'POST', '/api/notifications/', owner, { message: 'm', ...body });

  beforeAll(async () => {
    redis = await startRedis();
    cluster = await startCluster(['api-a', 'api-b'], { REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), METRICS_INTERVAL_SECONDS: '1' });
    [a, b] = cluster.instances.map((i) => i.url);
    owner = await registerOwner(a);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await cluster?.close();
    await redis?.stop();
  });

  it('delivers what happens on A to the right sockets on B: a user, a role, everyone', async () => {
    const alice = await createUser('alice', 'user');
    const viewer = await createUser('vera', 'viewer');
    const aliceOnB = await socketOn(b, alice.token);
    const veraOnB = await socketOn(b, viewer.token);
    expect((await notify({ title: 'for alice', user: alice.id })).status).toBe(201);
    expect((await notify({ title: 'for users', target_role: 'user' })).status).toBe(201);
    expect((await notify({ title: 'for everyone', is_system: true })).status).toBe(201);
    await aliceOnB.next('notification', (n) => n.title === 'for everyone');
    await veraOnB.next('notification', (n) => n.title === 'for everyone');
    await sleep(300);
    expect(aliceOnB.of('notification').map((e) => e.payload.title).sort()).toEqual(['for alice', 'for everyone', 'for users']);
    expect(veraOnB.of('notification').map((e) => e.payload.title)).toEqual(['for everyone']);
  });

  it('moves the sockets of a user on B to the new role set on A at once', async () => {
    const bob = await createUser('bob', 'user');
    const bobOnB = await socketOn(b, bob.token);
    const res = await api(a, 'POST', `/api/users/${bob.id}/set_role/`, owner, { role: 'manager' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await waitFor(async () => {
      const sockets = await cluster.instances[1].app.ctx.gateway.io.local.in('role:manager').fetchSockets();
      return sockets.some((s) => s.id === bobOnB.socket.id);
    }, 5000, "bob's socket in role:manager");
    await notify({ title: 'for managers', target_role: 'manager' });
    await notify({ title: 'for users again', target_role: 'user' });
    await bobOnB.next('notification', (n) => n.title === 'for managers');
    await sleep(300);
    expect(bobOnB.of('notification').map((e) => e.payload.title)).toEqual(['for managers']);
  });

  it('disconnects the sockets on B of a session revoked on A', async () => {
    const carol = await createUser('carol', 'user');
    const carolOnB = await socketOn(b, carol.token);
    const other = await socketOn(b, await login(a, 'carol', USER_PASSWORD));
    const disconnected = new Promise<string>((resolve) => carolOnB.socket.once('disconnect', resolve));
    expect((await api(a, 'POST', '/api/auth/logout/', carol.token)).status).toBeLessThan(300);
    expect(await carolOnB.next('session_revoked', () => true)).toMatchObject({ detail: 'Session revoked', reason: 'logout' });
    expect(await disconnected).toBe('io server disconnect');
    await sleep(300);
    // Her other session is untouched.
    expect(other.socket.connected).toBe(true);
  });

  it('sends metrics_update from each instance to its own sockets only', async () => {
    const onB = await socketOn(b, await login(a, 'owner', OWNER_PASSWORD));
    await socketOn(a, owner);
    const before = onB.of('metrics_update').length;
    await sleep(3200);
    // One per second from B; A's updates for its own socket would double that.
    expect(onB.of('metrics_update').length - before).toBeGreaterThanOrEqual(2);
    expect(onB.of('metrics_update').length - before).toBeLessThanOrEqual(4);
  });

  it('runs a cluster job on one instance only', async () => {
    const runs = new Map<string, number>();
    for (const { name, app } of cluster.instances) {
      app.ctx.scheduler.every('test.cluster-once', 100, async () => void runs.set(name, (runs.get(name) ?? 0) + 1), { cluster: true });
    }
    await sleep(1500);
    const counts = [...runs.values()];
    expect(counts).toHaveLength(1);
    expect(counts[0]).toBeGreaterThan(5);
  });

  it('reports Redis as ok and workers as disabled (SCAN_USE_WORKERS unset)', async () => {
    const res = await api(b, 'GET', '/api/health/ready/');
    expect(res).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: { database: { status: 'ok' }, redis: { status: 'ok' }, workers: { status: 'disabled', count: 0 } } },
    });
  });
});
