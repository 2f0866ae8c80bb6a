/**
 * Monitors pinned to a scan worker by network: two API instances (PostgreSQL, a private Redis) and an `everyst
 * worker` that runs inside a namespace of the test network. The worker's namespace (the router of the test
 * network) reaches 10.213.171.0/24; the server's namespace does not (its route to it is on-link on the test
 * veth, where nobody answers ARP for those addresses, so a probe from here fails "Host unreachable" and never
 * leaves the test network). A monitor of 10.213.171.10 is therefore up only when the worker checked it.
 * Probes go to 127.0.0.1 and to 10.213.170.0/24 and 10.213.171.0/24 (this file's namespaces) only.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresSchema } from '../helpers/databases.js';
import { createTestNetwork, netnsSkipReason, type TestNetwork } from '../helpers/netns.js';
import { api, connectSocket, registerOwner, type Json, type RecordingSocket } from './helpers/clients.js';
import { describeScale, sleep, waitFor } from './helpers/environment.js';
import { startEverystProcess, type EverystProcess } from './helpers/processes.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const LAN = 170;
const PINNED = 171;
const TARGET = `10.213.${PINNED}.10`;
const HTTP_REPLY = 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok';
const LONG = 120_000;

const netnsReason = netnsSkipReason();
if (netnsReason && process.env.CI) throw new Error(`the pinned-monitor test needs network namespaces in CI: ${netnsReason}`);

await describeScale('monitors pinned to a scan worker by network', () => {
  let redis: TestRedis;
  let schema: { url: string; drop(): Promise<void> };
  let net: TestNetwork;
  let proxies: TcpProxy[] = [];
  let a: EverystProcess;
  let b: EverystProcess;
  const workers: EverystProcess[] = [];
  let workerEnv: Record<string, string>;
  let routerNs: string;
  let token: string;
  let onB: RecordingSocket;
  let local: Server;
  let localHits = 0;
  const monitors: Record<string, string> = {};

  const startWorker = async (name: string) => {
    const worker = await startEverystProcess('worker', name, workerEnv, ['--drain-seconds', '1'], { namespace: routerNs });
    workers.push(worker);
    const client = redis.client();
    await waitFor(async () => {
      const raw = await client.get(`everyst:worker:${name}`);
      return raw !== null && (JSON.parse(raw) as { monitorChecks?: boolean }).monitorChecks === true;
    }, 15_000, `${name} taking monitor checks`);
    client.disconnect();
    return worker;
  };
  const monitorOn = async (url: string, id: string) => (await api(url, 'GET', `/api/monitors/${id}/`, token)).body as Json;
  const beatsOn = async (url: string, id: string) => (await api(url, 'GET', `/api/monitors/${id}/heartbeats/?page_size=50`, token)).body as Json;
  const rows = (page: Json) => (Array.isArray(page) ? page : page.results) as Json[];
  const create = async (body: Record<string, unknown>) => {
    const res = await api(a.url, 'POST', '/api/monitors/', token, { interval_s: 2, timeout_s: 1.5, retries: 0, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    redis = await startRedis();
    schema = await createPostgresSchema();
    net = await createTestNetwork({
      subnet: LAN, hosts: [],
      routed: { subnet: PINNED, routerMac: '02:00:00:aa:70:fe', hosts: [{ octet: 10, mac: '02:00:00:aa:71:10', listeners: [{ port: 8080, reply: HTTP_REPLY }] }] },
    });
    routerNs = net.namespaces.find((n) => n.endsWith('-r'))!;
    // The server's side: no way to the pinned network (an on-link route on the test veth; removed with it).
    execFileSync('ip', ['route', 'replace', net.routed!.cidr, 'dev', net.serverInterface]);
    // The worker reaches Redis and PostgreSQL through proxies on the server's test address.
    const pg = new URL(schema.url);
    const redisProxy = await startTcpProxy('127.0.0.1', redis.port, net.serverIp);
    const pgProxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432), net.serverIp);
    proxies = [redisProxy, pgProxy];
    const pgViaProxy = new URL(schema.url);
    pgViaProxy.hostname = net.serverIp;
    pgViaProxy.port = String(pgProxy.port);

    local = createServer((_req, res) => {
      localHits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));

    const env = { DATABASE_URL: schema.url, REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), SCAN_USE_WORKERS: 'true' };
    // The worker also claims loopback: a loopback target is still checked by the API (its own 127.0.0.1).
    workerEnv = { ...env, DATABASE_URL: pgViaProxy.toString(), REDIS_HOST: net.serverIp, REDIS_PORT: String(redisProxy.port), WORKER_NETWORKS: `${net.routed!.cidr},127.0.0.0/8` };
    a = await startEverystProcess('serve', 'api-a', env);
    b = await startEverystProcess('serve', 'api-b', env);
    await startWorker('pinned-1');
    token = await registerOwner(a.url);
    onB = await connectSocket(b.url, token);
  }, LONG);

  afterAll(async () => {
    onB?.close();
    await Promise.allSettled([...workers, a, b].filter(Boolean).map((p) => p.stop()));
    await Promise.allSettled(proxies.map((p) => p.close()));
    local?.close();
    await net?.destroy();
    await redis?.stop();
    await schema?.drop();
  });

  it('the server itself does not reach the pinned network', async () => {
    const error = await new Promise<string>((resolve) => {
      const socket = connect({ host: TARGET, port: 8080, timeout: 5000 });
      socket.once('connect', () => resolve('connected'));
      socket.once('timeout', () => resolve('timeout'));
      socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      socket.once('close', () => socket.destroy());
    });
    expect(error).not.toBe('connected');
  });

  it('checks TCP and HTTP monitors of the pinned network on the worker; both instances show the results', async () => {
    monitors.tcp = await create({ name: 'Pinned TCP', type: 'tcp', target: TARGET, port: 8080 });
    monitors.http = await create({ name: 'Pinned HTTP', type: 'http', target: `http://${TARGET}:8080/` });
    monitors.loop = await create({ name: 'Loopback', type: 'http', target: `http://127.0.0.1:${(local.address() as AddressInfo).port}/` });
    const started = Date.now();
    for (const id of Object.values(monitors)) {
      await waitFor(async () => (await monitorOn(b.url, id)).status === 'up', 30_000, `monitor ${id} up on B`);
      expect((await monitorOn(a.url, id)).status).toBe('up');
    }
    console.log(`pinned monitors up on the second instance ${Math.round((Date.now() - started) / 1000)} s after creation`);
    expect(rows(await beatsOn(b.url, monitors.tcp))[0]).toMatchObject({ status: 'up', message: 'Port 8080 open' });
    expect(rows(await beatsOn(b.url, monitors.http))[0]).toMatchObject({ status: 'up', message: '200 - OK' });
    // Every signed-in socket hears the status change, whichever instance ran the check.
    await onB.next('monitor_status', (p) => p.monitor_id === monitors.tcp && p.status === 'up', 5000);
    // Loopback stays with the API although the worker claims 127.0.0.0/8 (the worker's own loopback has no server).
    expect(localHits).toBeGreaterThan(0);
  }, LONG);

  it('a worker killed with SIGKILL: the pinned checks end at once with "Worker pinned-1 stopped", and resume on a new worker', async () => {
    await workers[0].crash();
    const killed = Date.now();
    const message = 'Worker pinned-1 stopped';
    // The leader's status change reaches B's sockets at once; B's own reads follow within its 10 s sync.
    for (const id of [monitors.tcp, monitors.http]) {
      await onB.next('monitor_status', (p) => p.monitor_id === id && p.status === 'down' && p.message === message, 10_000);
    }
    console.log(`pinned monitors down ("${message}") ${((Date.now() - killed) / 1000).toFixed(1)} s after the kill`);
    for (const id of [monitors.tcp, monitors.http]) {
      await waitFor(async () => {
        const m = await monitorOn(b.url, id);
        return m.status === 'down' && m.last_message === message;
      }, 15_000, `monitor ${id} down with the worker's message on B`);
    }
    // Checks go on (no hang): new down heartbeats keep arriving, each with the message, never a timeout.
    const count = async () => rows(await beatsOn(b.url, monitors.tcp)).filter((h: Json) => Date.parse(h.time) > killed).length;
    const before = await count();
    await sleep(5000);
    expect(await count()).toBeGreaterThan(before);
    const since = rows(await beatsOn(b.url, monitors.tcp)).filter((h: Json) => Date.parse(h.time) > killed);
    expect(since.every((h: Json) => h.status === 'up' || h.message === message), JSON.stringify(since)).toBe(true);
    expect((await monitorOn(a.url, monitors.loop)).status).toBe('up');

    await startWorker('pinned-2');
    const back = Date.now();
    for (const id of [monitors.tcp, monitors.http]) await waitFor(async () => (await monitorOn(b.url, id)).status === 'up', 25_000, `monitor ${id} up again`);
    console.log(`pinned monitors up again ${((Date.now() - back) / 1000).toFixed(1)} s after a new worker registered`);
    await onB.next('monitor_status', (p) => p.monitor_id === monitors.tcp && p.status === 'up' && p.previous === 'down', 5000);
  }, LONG);

  it('a worker stopped gracefully (SIGTERM): the checks it held end with its message, not a hang', async () => {
    const worker = workers[1];
    expect(await worker.stop()).toBe(0);
    await onB.next('monitor_status', (p) => p.monitor_id === monitors.tcp && p.status === 'down' && p.message === 'Worker pinned-2 stopped', 10_000);
  }, LONG);
}, netnsReason);
