/**
 * Two API instances and scan workers, each its own process, sharing PostgreSQL and a private Redis: a scan
 * started on instance A runs on a worker and reaches a socket on instance B; a worker killed (SIGKILL) or
 * stopped mid-scan hands the scan over or ends it cleanly. Scans touch 10.213.140.0/24 (a namespace network
 * this file creates, with the server's side of it) and nothing else; 10.213.141.0/24 is allowed but reached by no worker, so never scanned.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresSchema } from '../helpers/databases.js';
import { createTestNetwork, netnsSkipReason, type TestNetwork } from '../helpers/netns.js';
import { api, connectSocket, registerOwner, type Json, type RecordingSocket } from './helpers/clients.js';
import { describeScale, waitFor } from './helpers/environment.js';
import { startEverystProcess, type EverystProcess } from './helpers/processes.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';

const CIDR = '10.213.140.0/24';
/** The three namespace hosts only: a `full` scan (every port, -A) of the server's own address would be slow. */
const HOSTS = '10.213.140.8/29';
const UNREACHED = '10.213.141.0/24';
const SCAN_END_MS = 150_000;
const LONG = 240_000;
const HTTP_REPLY = 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok';

await describeScale('scale-out: two API instances and scan workers', () => {
  let redis: TestRedis;
  let schema: { url: string; drop(): Promise<void> };
  let net: TestNetwork;
  let a: EverystProcess;
  let b: EverystProcess;
  const workers: EverystProcess[] = [];
  let token: string;
  let onB: RecordingSocket;
  let env: Record<string, string>;

  // Every worker drains for 1 s on SIGTERM: whichever of the live workers a scan lands on, stopping it hands the scan
  // over instead of letting it finish within the default 20 s.
  const startWorker = async (name: string) => {
    const worker = await startEverystProcess('worker', name, { ...env, WORKER_NETWORKS: CIDR }, ['--drain-seconds', '1']);
    workers.push(worker);
    return worker;
  };
  const liveWorkers = async () => (await api(a.url, 'GET', '/api/health/ready/')).body.checks.workers.count as number;
  const startScan = async (body: Record<string, unknown>) => {
    const res = await api(a.url, 'POST', '/api/network/scans/start_scan/', token, body);
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.scan_id as string;
  };
  const progressOf = (scanId: string) => onB.of('scan_progress').map((e) => e.payload).filter((p: Json) => p.scan_id === scanId);
  const finalOf = (scanId: string) => onB.next('scan_progress', (p) => p.scan_id === scanId && p.is_complete, SCAN_END_MS);
  const scanOnB = async (scanId: string) => (await api(b.url, 'GET', `/api/network/scans/${scanId}/`, token)).body;
  const byName = (name: string) => workers.find((w) => w.name === name)!;

  beforeAll(async () => {
    redis = await startRedis();
    schema = await createPostgresSchema();
    net = await createTestNetwork({
      subnet: 140,
      // Every listener answers at once: a port that never replies (or an SSH banner without a key exchange)
      // keeps the scripts of a `full` scan (-A) waiting for minutes.
      hosts: [
        { octet: 10, mac: '00:1b:21:aa:40:10', listeners: [{ port: 80, reply: HTTP_REPLY }] },
        { octet: 11, mac: 'b8:27:eb:aa:40:11', listeners: [{ port: 8080, reply: HTTP_REPLY }] },
        { octet: 12, mac: '00:1b:21:aa:40:12', listeners: [{ port: 8000, reply: HTTP_REPLY }] },
      ],
    });
    env = {
      DATABASE_URL: schema.url, REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redis.port), SCAN_USE_WORKERS: 'true',
      SCAN_ALLOWED_NETWORKS: '10.213.140.0/23', SCAN_EXCLUDE_INTERFACES: 'docker*',
    };
    a = await startEverystProcess('serve', 'api-a', env);
    b = await startEverystProcess('serve', 'api-b', env);
    await startWorker('worker-1');
    token = await registerOwner(a.url);
    onB = await connectSocket(b.url, token);
    await waitFor(async () => (await liveWorkers()) === 1, 15_000, 'the worker registration');
  });

  afterAll(async () => {
    onB?.close();
    await Promise.allSettled([...workers, a, b].filter(Boolean).map((p) => p.stop()));
    await net?.destroy();
    await redis?.stop();
    await schema?.drop();
  });

  it('reports database, Redis and the live workers as ready', async () => {
    const res = await api(b.url, 'GET', '/api/health/ready/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'ok',
      checks: { database: { status: 'ok' }, redis: { status: 'ok' }, workers: { status: 'ok', count: 1 } },
    });
  });

  it('runs a scan started on A on the worker; a socket on B sees its progress and its end', async () => {
    const scanId = await startScan({ ip_range: CIDR, scan_type: 'basic' });
    const final = await finalOf(scanId);
    // The three hosts and the server's own address on that network.
    expect(final).toMatchObject({ status: 'COMPLETED', progress: 100, is_complete: true, discovered_devices: 4 });
    const progress = progressOf(scanId);
    expect(progress.some((p: Json) => p.status === 'RUNNING' && p.progress > 0 && p.progress < 100)).toBe(true);
    expect(await scanOnB(scanId)).toMatchObject({ status: 'completed', worker: 'worker-1', discoveredDevices: 4 });
    expect(onB.of('network_topology_update').length).toBeGreaterThan(0);
    // Created by the worker for the user who started the scan, pushed to their socket on B.
    expect(await onB.next('notification', (n) => n.title === 'Network Scan Complete')).toMatchObject({
      message: 'Discovered 4 devices (4 new, 0 offline).', source: 'network_scanner',
    });
    const devices = (await api(b.url, 'GET', '/api/network/devices/', token)).body;
    const ips = (Array.isArray(devices) ? devices : devices.results).map((d: Json) => d.ip);
    expect(ips).toEqual(expect.arrayContaining(net.hosts.map((h) => h.ip)));
  });

  it('fails a scan no live worker reaches, with the reason, without scanning', async () => {
    const scanId = await startScan({ ip_range: UNREACHED, scan_type: 'basic' });
    const reason = `Scan failed: no live scan worker reaches ${UNREACHED}`;
    expect(await finalOf(scanId)).toMatchObject({ status: 'FAILED', is_complete: true, error: reason });
    expect(await scanOnB(scanId)).toMatchObject({ status: 'failed', errorMessage: reason, worker: null, startedAt: null });
  });

  /** Starts a full scan and waits until a worker is in its port phase; returns the scan and that worker. */
  const fullScanUnderway = async () => {
    const scanId = await startScan({ ip_range: HOSTS, scan_type: 'full' });
    await onB.next('scan_progress', (p) => p.scan_id === scanId && p.phase === 'ports', 60_000);
    const running = await scanOnB(scanId);
    expect(running.status).toBe('in-progress');
    return { scanId, worker: byName(running.worker as string), started: Date.now() };
  };

  it('cancels on B a scan running on a worker: the worker stops nmap and B sees the scan cancelled', async () => {
    const { scanId, worker } = await fullScanUnderway();
    await waitFor(() => worker.children().includes('nmap'), 10_000, 'nmap under the worker');
    const res = await api(b.url, 'POST', `/api/network/scans/${scanId}/cancel/`, token);
    expect(res).toMatchObject({ status: 200, body: { status: 'cancelled', errorMessage: 'Scan was cancelled by user' } });
    expect(await onB.next('scan_progress', (p) => p.scan_id === scanId && p.is_complete, 15_000))
      .toMatchObject({ status: 'CANCELLED', error: 'Scan was cancelled by user' });
    await waitFor(() => !worker.children().includes('nmap'), 10_000, 'nmap to end');
  }, LONG);

  it('retries the scan of a worker killed mid-scan on another worker; progress never goes back', async () => {
    await startWorker('worker-2');
    await waitFor(async () => (await liveWorkers()) === 2, 15_000, 'two worker registrations');
    const { scanId, worker, started } = await fullScanUnderway();
    await worker.crash();
    const final = await finalOf(scanId);
    console.log(`full scan retried and completed ${Math.round((Date.now() - started) / 1000)} s after the kill`);
    expect(final).toMatchObject({ status: 'COMPLETED', progress: 100 });
    const record = await scanOnB(scanId);
    expect(record).toMatchObject({ status: 'completed', errorMessage: null });
    expect(record.worker).not.toBe(worker.name);
    const values = progressOf(scanId).map((p: Json) => p.progress as number);
    expect(values).toEqual([...values].sort((x, y) => x - y));
  }, LONG);

  it('a worker stopped by SIGTERM mid-scan releases the scan to another worker and exits', async () => {
    await startWorker('worker-3');
    await waitFor(async () => (await liveWorkers()) === 2, 15_000, 'two worker registrations');
    const { scanId, worker } = await fullScanUnderway();
    expect(await worker.stop()).toBe(0);
    expect(await finalOf(scanId)).toMatchObject({ status: 'COMPLETED', progress: 100 });
    expect((await scanOnB(scanId)).worker).not.toBe(worker.name);
  }, LONG);

  it('ends the scan of the last worker, killed mid-scan, as interrupted: "Scan worker stopped"', async () => {
    await waitFor(async () => (await liveWorkers()) === 1, 20_000, 'one worker registration');
    const { scanId, worker } = await fullScanUnderway();
    await worker.crash();
    expect(await finalOf(scanId)).toMatchObject({ status: 'INTERRUPTED', is_complete: true, error: 'Scan worker stopped' });
    expect(await scanOnB(scanId)).toMatchObject({ status: 'interrupted', errorMessage: 'Scan worker stopped' });
    await waitFor(async () => (await liveWorkers()) === 0, 20_000, 'no worker registration');
    const ready = await api(a.url, 'GET', '/api/health/ready/');
    // Workers are informational: the instance stays ready without them.
    expect(ready).toMatchObject({ status: 200, body: { status: 'ok', checks: { workers: { status: 'none', count: 0 } } } });
  }, LONG);
}, netnsSkipReason());
