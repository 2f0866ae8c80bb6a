import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { scanColumns, type Scan } from '../../src/modules/network/scans.repository.js';
import { targetSetKey } from '../../src/modules/network/scan-targets.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, persistentApp, sleep, waitFor, type TestSocket } from './helpers.js';

const kinds = await databaseKinds();

/** A scan record written straight to the database: a scan "run" by nobody, so nothing is ever probed. */
async function insertScan(app: App, fields: Partial<Scan> & { targets: string[] }): Promise<Scan> {
  const now = new Date().toISOString();
  const scan: Scan = {
    id: randomUUID(), jobId: randomUUID(), timestamp: now, status: 'in-progress', scanType: 'basic', ipRange: fields.targets.join(','),
    targetSetKey: targetSetKey(fields.targets), targetDeviceId: null, options: { includePorts: true, includeOsDetection: false, timeout: 600 },
    progress: 40, phase: 'ports', discoveredDevices: 3, newDevices: 0, offlineDevices: 0, duration: null, startedAt: now, finishedAt: null,
    errorMessage: null, warning: null, scanMethod: 'nmap', startedBy: null, worker: 'elsewhere', createdAt: now, updatedAt: now, ...fields,
  };
  await app.ctx.db.insertInto('network_scans').values(scanColumns(scan)).execute();
  return scan;
}

describe.each(kinds)('scan records, queue and limits (%s)', (kind) => {
  let t: TestApp;
  let owner: Session, viewer: Session;
  let socket: TestSocket;
  let running: Scan;
  let port: number;
  const start = (body: Record<string, unknown>, who: Session = owner) => api(t.app, 'POST', '/api/network/scans/start_scan/', who, body);

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1', SCAN_QUEUE_SIZE: '2', SCAN_MAX_CONCURRENT: '1' });
    port = await t.app.listen();
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    socket = await connectSocket(port, owner.access);
    // Holds the only slot, so every scan these tests start waits in the queue and none runs.
    running = await insertScan(t.app, { targets: ['127.0.0.9/32'] });
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it.each([
    [{ ip_range: 'example.com' }, 'ip_range', 'Enter a valid IP address, CIDR network or range.'],
    [{ ip_range: '127.0.0.1/8' }, 'ip_range', 'Enter a valid IP address, CIDR network or range.'],
    [{ ip_range: 12 }, 'ip_range', 'Enter a valid IP address, CIDR network or range.'],
    [{ ip_range: '127.0.0.1 10.1.2.3' }, 'ip_range', '10.1.2.3 is outside the allowed networks.'],
    [{ ip_range: '127.0.0.0/16' }, 'ip_range', 'Too many hosts: 65534 (maximum 1024).'],
    [{ scan_type: 'quick' }, 'scan_type', '"quick" is not a valid choice.'],
    [{ include_ports: 'no' }, 'include_ports', 'Must be a valid boolean.'],
    [{ timeout: 10 }, 'timeout', 'Ensure this value is greater than or equal to 30.'],
    [{ timeout: 14_401 }, 'timeout', 'Ensure this value is less than or equal to 14400.'],
    [{ timeout: 60.5 }, 'timeout', 'A valid integer is required.'],
    [{ target_device_id: '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10' }, 'target_device_id', 'Device not found.'],
  ])('start_scan refuses %j', async (body, field, message) => {
    const res = await start(body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ [field]: [message], detail: `${field}: ${message}`, code: 'invalid' });
  });

  it('refuses a rescan of a device without IP, and viewers', async () => {
    const device = (await api(t.app, 'POST', '/api/network/devices/', owner, { label: 'No IP' })).body;
    const expected = { detail: 'Cannot rescan device without IP address', code: 'invalid' };
    expect((await start({ target_device_id: device.id })).body).toEqual(expected);
    expect((await api(t.app, 'POST', `/api/network/devices/${device.id}/rescan/`, owner)).body).toEqual(expected);
    expect((await start({ ip_range: '127.0.0.5' }, viewer)).status).toBe(403);
    const viewerSocket = await connectSocket(port, viewer.access);
    expect(await viewerSocket.emit('start_network_scan', {}))
      .toMatchObject({ status: 'error', error: 'You do not have permission to perform this action.', code: 'permission_denied' });
    viewerSocket.close();
  });

  it('queues behind the running scan, refuses the same targets (409) and a full queue (429)', async () => {
    const conflict = await start({ ip_range: '127.0.0.9' });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ detail: 'A scan is already in progress', code: 'conflict', active_scan: { id: running.id, status: 'in-progress' } });

    socket.events.splice(0);
    const first = await start({ ip_range: '127.0.0.10', scan_type: 'INTENSE' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'success', message: 'Network scan queued', scan_id: first.body.scan.id, job_id: first.body.scan.jobId });
    expect(first.body.scan).toMatchObject({
      status: 'queued', scanType: 'intense', ipRange: '127.0.0.10', targets: ['127.0.0.10/32'], progress: 0, phase: 'queued', startedBy: owner.id, startedAt: null,
    });
    await waitFor(() => socket.of('scan_progress').length === 1, 3000, 'QUEUED');
    expect(socket.of('scan_progress')[0].payload).toEqual({
      scan_id: first.body.scan_id, job_id: first.body.job_id, status: 'QUEUED', progress: 0, message: 'Scan queued', phase: 'queued', discovered_devices: 0, is_complete: false,
    });

    const second = await socket.emit('start_network_scan', { ip_range: '127.0.0.11-12', include_ports: false });
    expect(second).toMatchObject({ status: 'success', message: 'Network scan queued', scan: { targets: ['127.0.0.11/32', '127.0.0.12/32'] } });
    const full = await start({ ip_range: '127.0.0.13' });
    expect(full.status).toBe(429);
    expect(full.headers['retry-after']).toBe('30');
    expect(full.body).toEqual({ detail: 'The scan queue is full. Try again later.', code: 'throttled' });
    expect(await socket.emit('start_network_scan', { ip_range: '127.0.0.13' })).toMatchObject({ status: 'error', error: 'The scan queue is full. Try again later.', code: 'throttled' });
    expect(await socket.emit('start_network_scan', { ip_range: '127.0.0.10' })).toMatchObject({
      status: 'error', message: 'A scan is already in progress', code: 'conflict', active_scan: { id: first.body.scan_id },
    });

    const status = await socket.emit('get_network_scan_status');
    expect(status).toMatchObject({ status: 'success', active_scan: { id: running.id }, is_scan_active: true });
    expect(status.queued_scans.map((s: { id: string }) => s.id)).toEqual([first.body.scan_id, second.scan_id]);
    expect((await api(t.app, 'GET', '/api/network/topology/', viewer)).body).toMatchObject({ lastScan: { id: running.id }, activeScanInProgress: true });
    expect(await socket.emit('get_network_scan_results', { scan_id: running.id })).toMatchObject({
      status: 'error', error: 'Scan not completed. Current status: in-progress', code: 'conflict', db_status: 'in-progress', progress: 40,
    });

    socket.events.splice(0);
    const cancelled = await api(t.app, 'POST', `/api/network/scans/${first.body.scan_id}/cancel/`, owner);
    expect(cancelled.body).toMatchObject({ id: first.body.scan_id, status: 'cancelled', errorMessage: 'Scan was cancelled by user', duration: null });
    await waitFor(() => socket.of('scan_progress').length === 1, 3000, 'CANCELLED');
    expect(socket.of('scan_progress')[0].payload).toMatchObject({ status: 'CANCELLED', message: 'Scan cancelled', error: 'Scan was cancelled by user', is_complete: true });
    expect((await api(t.app, 'POST', `/api/network/scans/${first.body.scan_id}/cancel/`, owner)).body).toEqual({ detail: 'Scan is not running', code: 'conflict' });

    expect(await socket.emit('cancel_network_scan', {})).toMatchObject({ error: 'Either job_id or scan_id must be provided' });
    expect(await socket.emit('cancel_network_scan', { scan_id: 'nope' })).toMatchObject({ error: 'Scan with ID nope not found', code: 'not_found' });
    expect(await socket.emit('cancel_network_scan', { job_id: second.job_id })).toMatchObject({ status: 'success', message: 'Scan cancelled successfully', scan: { status: 'cancelled' } });
    expect(await socket.emit('cancel_network_scan', { job_id: second.job_id })).toMatchObject({
      error: 'Could not cancel scan, it may have already completed or been cancelled', code: 'conflict',
    });
    expect((await api(t.app, 'DELETE', `/api/network/scans/${running.id}/`, owner)).body).toEqual({ detail: 'Scan is still running', code: 'conflict' });
    expect((await api(t.app, 'DELETE', `/api/network/scans/${first.body.scan_id}/`, owner)).status).toBe(204);
  });

  it('reads scans: list with filters, latest completed, results; no create or edit route', async () => {
    const none = await api(t.app, 'GET', '/api/network/scans/latest/', viewer);
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ detail: 'No completed scans found', code: 'not_found', status: 'error', message: 'No completed scans found' });
    const done = await insertScan(t.app, {
      targets: ['127.0.0.20/32'], status: 'completed', progress: 100, phase: 'done', finishedAt: new Date().toISOString(), duration: 4.5, warning: 'w',
    });
    const latest = (await api(t.app, 'GET', '/api/network/scans/latest/', viewer)).body;
    expect(latest).toMatchObject({ id: done.id, status: 'completed', duration: 4.5, isStale: false, discovered_devices: 3, scan_method: 'nmap' });
    const list = (await api(t.app, 'GET', '/api/network/scans/?status=completed', viewer)).body;
    expect(list.results.map((s: { id: string }) => s.id)).toEqual([done.id]);
    expect((await api(t.app, 'GET', '/api/network/scans/?scan_type=full', viewer)).body.count).toBe(0);
    expect((await api(t.app, 'GET', `/api/network/scans/${done.id}/results/`, viewer)).body).toMatchObject({ scan: { id: done.id }, devices: [], new_device_ids: [], offline_device_ids: [] });
    expect(await socket.emit('get_network_scan_results', { scan_id: done.id })).toMatchObject({
      status: 'success', scan_id: done.id, job_id: done.jobId, scan_time: 4.5, device_count: 0, connection_count: 0, warning: 'w',
    });
    expect((await api(t.app, 'POST', '/api/network/scans/', owner, {})).status).toBe(405);
    expect((await api(t.app, 'PATCH', `/api/network/scans/${done.id}/`, owner, {})).status).toBe(405);
  });

  it('a record without a live job goes stale and is cleaned by clean_stale_scans and check_scan_status', async () => {
    const old = new Date(Date.now() - 60_000).toISOString();
    await t.app.ctx.db.updateTable('network_scans').set({ updated_at: old }).where('id', '=', running.id).execute();
    expect((await api(t.app, 'GET', `/api/network/scans/${running.id}/`, viewer)).body.isStale).toBe(true);
    expect((await api(t.app, 'GET', '/api/network/topology/', viewer)).body.activeScanInProgress).toBe(false);
    const other = await insertScan(t.app, { targets: ['127.0.0.30/32'], updatedAt: old });
    expect((await api(t.app, 'POST', '/api/network/scans/clean_stale_scans/', viewer)).status).toBe(403);
    socket.events.splice(0);
    const cleaned = await api(t.app, 'POST', '/api/network/scans/clean-stale-scans/', owner);
    expect(cleaned.body).toEqual({ status: 'success', message: 'Cleaned 2 stale scans. 0 active scans remain.', cleaned_count: 2, active_count: 0 });
    const record = (await api(t.app, 'GET', `/api/network/scans/${running.id}/`, viewer)).body;
    expect(record).toMatchObject({ status: 'interrupted', errorMessage: 'Application restarted while scan was in progress', isStale: false });
    await waitFor(() => socket.of('scan_progress').length === 2, 3000, 'INTERRUPTED events');
    expect(socket.of('scan_progress').map((e) => [e.payload.scan_id, e.payload.status])).toEqual(
      expect.arrayContaining([[running.id, 'INTERRUPTED'], [other.id, 'INTERRUPTED']]));
    expect(await socket.emit('check_scan_status')).toEqual({
      status: 'success', cleaned_scans: 0, active_scans: 0, active_jobs: 0, message: 'Cleaned 0 stale database scans and 0 stale service jobs, 0 active scans remain',
    });
  });

  it('describes the host interfaces and routes without probing anything', async () => {
    const body = (await api(t.app, 'GET', '/api/network/interfaces/', viewer)).body;
    expect(Object.keys(body)).toEqual(['interfaces', 'routes', 'default_gateway', 'scan_networks']);
    const lo = body.interfaces.find((i: { name: string }) => i.name === 'lo');
    expect(lo).toMatchObject({ is_up: true, is_loopback: true, type: 'loopback', mac: null });
    expect(lo.addresses).toContainEqual({ family: 'inet', address: '127.0.0.1', prefix_length: 8, cidr: '127.0.0.1/8', scope: 'host' });
    // Loopback is never an automatic target, and nothing else is allowed here.
    expect(body.scan_networks).toEqual([]);
  });

  it('runs a loopback scan to the end on this engine: records, device, events and notifications', async () => {
    socket.events.splice(0);
    const res = await start({ ip_range: '127.0.0.1', include_ports: false });
    expect(res.body).toMatchObject({ message: 'Network scan started', scan: { status: 'in-progress', startedAt: expect.any(String), worker: t.config.instanceName } });
    await waitFor(() => socket.of('scan_progress').some((e) => e.payload.is_complete), 30_000, 'end of the scan');
    const final = socket.of('scan_progress').at(-1)!.payload;
    expect(final).toMatchObject({ scan_id: res.body.scan_id, status: 'COMPLETED', progress: 100, discovered_devices: 1 });
    expect(socket.of('scan_progress')[0].payload).toMatchObject({ status: 'RUNNING', progress: 0, phase: 'targets', message: 'Scanning network (0%)' });
    const scan = (await api(t.app, 'GET', `/api/network/scans/${res.body.scan_id}/`, viewer)).body;
    expect(scan).toMatchObject({ status: 'completed', discoveredDevices: 1, newDevices: 1, finishedAt: expect.any(String) });
    const device = (await api(t.app, 'GET', '/api/network/devices/?search=127.0.0.1', viewer)).body.results[0];
    expect(device).toMatchObject({ ip: '127.0.0.1', type: 'server', status: 'online', metadata: { is_this_server: true, last_scan_id: scan.id } });
    // Devices existed before this scan, so the new one is announced to everyone.
    await waitFor(async () => (await api(t.app, 'GET', '/api/notifications/', viewer)).body.count === 1, 3000, 'new device notification');
    expect((await api(t.app, 'GET', '/api/notifications/', viewer)).body.results[0]).toMatchObject({
      title: 'New Device Discovered', message: `${device.label} (127.0.0.1) joined the network.`, type: 'info', source: 'network_scanner', is_system: true,
    });
    expect((await api(t.app, 'GET', '/api/network/scans/latest/', viewer)).body.id).toBe(scan.id);
  });
});

describe.each(kinds)('restart (%s)', (kind) => {
  it('marks queued and in-progress scans interrupted before serving', async () => {
    const p = await persistentApp(kind);
    try {
      const first = await p.start();
      const running = await insertScan(first, { targets: ['127.0.0.40/32'], startedAt: new Date(Date.now() - 5000).toISOString() });
      const queued = await insertScan(first, { targets: ['127.0.0.41/32'], status: 'queued', startedAt: null, progress: 0, phase: 'queued' });
      await first.close();
      const second = await p.start();
      try {
        for (const scan of [running, queued]) {
          const row = await second.ctx.services.network.scans.find(scan.id);
          expect(row).toMatchObject({ status: 'interrupted', errorMessage: 'Application restarted while scan was in progress' });
          expect(row.finishedAt).not.toBeNull();
        }
        expect((await second.ctx.services.network.scans.find(running.id)).duration).toBeGreaterThanOrEqual(5);
        expect((await second.ctx.services.network.scans.find(queued.id)).duration).toBeNull();
      } finally {
        await second.close();
      }
    } finally {
      await p.cleanup();
    }
    await sleep(10);
  });
});
