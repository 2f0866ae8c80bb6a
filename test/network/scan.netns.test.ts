import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { api, connectSocket, persistentApp, waitFor, type Json, type Received, type TestSocket } from './helpers.js';
import { scanningProcesses } from './processes.js';

// Test network 10.213.120.0/24: the server (root namespace) at .1, an SSH + web host, an RDP host, a host with a
// randomized MAC and a router (.254) to 10.213.121.0/24, where one more host lives. Scans may touch these two
// networks only (SCAN_ALLOWED_NETWORKS); names are not resolved.
const SUBNET = 120;
const ROUTED = 121;
const CIDR = `10.213.${SUBNET}.0/24`;
const ROUTED_CIDR = `10.213.${ROUTED}.0/24`;
const ip = (octet: number) => `10.213.${SUBNET}.${octet}`;
const INTEL = '00:1b:21:aa:20:10';
const RASPBERRY = 'b8:27:eb:aa:20:11';
const RANDOMIZED = '02:00:5e:aa:20:12';
const ROUTER = '00:1b:21:aa:20:fe';
const ENV = {
  SCAN_ALLOWED_NETWORKS: `${CIDR},${ROUTED_CIDR}`, SCAN_RESOLVE_NAMES: 'false', SCAN_QUEUE_SIZE: '1',
  // The test network's veth would be excluded by the default patterns; the allowed networks still limit targets.
  SCAN_EXCLUDE_INTERFACES: 'docker*',
};
const HTTP_REPLY = 'HTTP/1.0 200 OK\r\nServer: nginx\r\nContent-Length: 2\r\n\r\nok';

describeNetns('scanning a namespace network end to end (scanner.md)', () => {
  let net: TestNetwork;
  let t: TestApp;
  let owner: Session, viewer: Session;
  let socket: TestSocket;
  let port: number;

  const progressOf = (scanId: string) => socket.of('scan_progress').filter((e) => e.payload.scan_id === scanId);
  const finished = async (scanId: string, timeoutMs = 90_000): Promise<Received> => {
    await waitFor(() => progressOf(scanId).some((e) => e.payload.is_complete), timeoutMs, `end of scan ${scanId}`);
    return progressOf(scanId).find((e) => e.payload.is_complete)!;
  };
  const devicesByIp = async (): Promise<Record<string, Json>> => {
    const list = (await api(t.app, 'GET', '/api/network/devices/?page_size=500', viewer)).body.results as Json[];
    return Object.fromEntries(list.map((d) => [d.ip, d]));
  };
  const start = (body: Record<string, unknown>) => api(t.app, 'POST', '/api/network/scans/start_scan/', owner, body);
  const notices = async (who: Session) => ((await api(t.app, 'GET', '/api/notifications/?page_size=500', who)).body.results as Json[])
    .filter((n) => n.source === 'network_scanner').map((n) => [n.type, n.title, n.message]);

  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: SUBNET,
      hosts: [
        { octet: 10, mac: INTEL, listeners: [{ port: 22, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' }, { port: 80, reply: HTTP_REPLY }] },
        { octet: 11, mac: RASPBERRY, listeners: [{ port: 3389 }] },
        { octet: 12, mac: RANDOMIZED },
      ],
      routed: { subnet: ROUTED, routerMac: ROUTER, hosts: [{ octet: 10, mac: '00:1b:21:aa:21:10', listeners: [{ port: 22 }] }] },
    });
    t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1', ...ENV });
    port = await t.app.listen();
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    socket = await connectSocket(port, viewer.access);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
    await net?.destroy();
  });

  it('a REST scan reports progress over the socket and stores devices, ports and an inferred topology', async () => {
    const res = await start({ ip_range: CIDR });
    expect(res.body).toMatchObject({ status: 'success', message: 'Network scan started', scan: { status: 'in-progress', targets: [CIDR] } });
    const scanId: string = res.body.scan_id;

    const again = await start({ ip_range: CIDR });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ detail: 'A scan is already in progress', active_scan: { id: scanId } });
    const queued = await start({ ip_range: ip(10) });
    expect(queued.body).toMatchObject({ message: 'Network scan queued', scan: { status: 'queued' } });
    const full = await start({ ip_range: ip(11) });
    expect([full.status, full.body.detail]).toEqual([429, 'The scan queue is full. Try again later.']);
    expect((await start({ ip_range: '10.213.122.5' })).body.ip_range).toEqual(['10.213.122.5 is outside the allowed networks.']);
    expect((await api(t.app, 'POST', `/api/network/scans/${queued.body.scan_id}/cancel/`, owner)).body.status).toBe('cancelled');

    const final = await finished(scanId);
    const events = progressOf(scanId);
    expect(final.payload).toEqual({
      scan_id: scanId, job_id: res.body.job_id, status: 'COMPLETED', progress: 100, message: 'Scan completed', phase: 'done',
      discovered_devices: 5, is_complete: true,
    });
    expect(events.filter((e) => e.payload.is_complete)).toHaveLength(1);
    const progress = events.map((e) => e.payload.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(new Set(events.map((e) => e.payload.phase))).toEqual(new Set(['targets', 'discovery', 'names', 'ports', 'topology', 'saving', 'done']));
    for (let i = 1; i < events.length; i++) {
      const gap = events[i].at - events[i - 1].at;
      expect(gap).toBeGreaterThanOrEqual(150);
      expect(gap).toBeLessThanOrEqual(1600);
    }
    const index = (e: Received) => socket.events.indexOf(e);
    const topologyEvent = socket.of('network_topology_update').at(-1)!;
    expect(index(topologyEvent)).toBeLessThan(index(final));
    expect(index(socket.of('network_map_updated').at(-1)!)).toBeLessThan(index(final));
    expect(socket.of('network_update').filter((e) => e.payload.type === 'new_device')).toHaveLength(5);

    const scan = (await api(t.app, 'GET', `/api/network/scans/${scanId}/`, viewer)).body;
    expect(scan).toMatchObject({ status: 'completed', progress: 100, phase: 'done', discoveredDevices: 5, newDevices: 5, offlineDevices: 0, warning: null, errorMessage: null });
    expect(scan.duration).toBeGreaterThan(0);

    const devices = await devicesByIp();
    expect(Object.keys(devices).sort()).toEqual([ip(1), ip(10), ip(11), ip(12), ip(254)]);
    expect(devices[ip(254)]).toMatchObject({ type: 'other', label: 'Other-254', mac: ROUTER, vendor: 'Intel Corporate' });
    expect(devices[ip(1)]).toMatchObject({ type: 'server', label: hostname().slice(0, 100), mac: net.serverMac, macRandomized: true, status: 'online', metadata: { is_this_server: true } });
    expect(devices[ip(10)]).toMatchObject({ type: 'server', label: 'Server-10', mac: INTEL, vendor: 'Intel Corporate', isManuallyAdded: false, firstSeen: devices[ip(10)].lastSeen });
    expect(devices[ip(10)].metadata.ports.map((p: Json) => [p.port, p.service, p.state])).toEqual([[22, 'ssh', 'open'], [80, 'http', 'open']]);
    expect(devices[ip(10)].metadata.latency_ms).toBeGreaterThan(0);
    expect(devices[ip(10)].metadata.last_scan_id).toBe(scanId);
    expect(devices[ip(11)]).toMatchObject({ type: 'workstation', label: 'Workstation-11', vendor: 'Raspberry Pi Foundation', metadata: { ports: [{ port: 3389, protocol: 'tcp', state: 'open' }] } });
    expect(devices[ip(12)]).toMatchObject({ type: 'other', label: 'Other-12', mac: RANDOMIZED, macRandomized: true, vendor: null, metadata: { ports: [] } });

    const topology = (await api(t.app, 'GET', '/api/network/topology/', viewer)).body;
    expect(topology).toEqual(topologyEvent.payload);
    // The newest non-queued scan by request time: the one cancelled while it waited.
    expect(topology).toMatchObject({ lastScan: { id: queued.body.scan_id, status: 'cancelled', isStale: false }, activeScanInProgress: false });
    const server = devices[ip(1)].id;
    expect(topology.connections.map((c: Json) => [c.source, c.target, c.type, c.status, c.inferred, c.evidence, c.confidence]).sort()).toEqual(
      [ip(10), ip(11), ip(12), ip(254)].map((h) => [server, devices[h].id, 'wired', 'active', true, ['same_subnet', 'local_interface'], 0.5]).sort());
    const results = (await api(t.app, 'GET', `/api/network/scans/${scanId}/results/`, viewer)).body;
    expect(results.new_device_ids.sort()).toEqual(Object.values(devices).map((d) => d.id).sort());
    expect(results.devices).toHaveLength(5);
    // The first scan of an empty inventory announces no "new device"; its starter hears of the outcome.
    await waitFor(async () => (await notices(owner)).length === 2, 3000, 'notifications');
    expect(await notices(owner)).toEqual([
      ['success', 'Network Scan Complete', 'Discovered 5 devices (5 new, 0 offline).'],
      ['info', 'Network Scan Cancelled', 'Scan was cancelled by user'],
    ]);
    expect(await notices(viewer)).toEqual([]);
  }, 120_000);

  it('automatic scans over the socket keep manual edits and deleted connections; a lost host goes offline after 2 misses', async () => {
    const before = await devicesByIp();
    const server = before[ip(1)].id;
    await api(t.app, 'PATCH', `/api/network/devices/${before[ip(10)].id}/`, owner, { label: 'Web box', tags: ['dmz'] });
    const link = (await api(t.app, 'GET', `/api/network/connections/?device=${before[ip(11)].id}`, viewer)).body.results[0];
    expect((await api(t.app, 'DELETE', `/api/network/connections/${link.id}/`, owner)).status).toBe(204);
    execFileSync('ip', ['-n', net.hosts[2].namespace, 'link', 'set', 'eth0', 'down']);
    execFileSync('ip', ['neigh', 'flush', 'dev', net.serverInterface]);

    const managerSocket = await connectSocket(port, owner.access);
    const run = async () => {
      const ack = await managerSocket.emit('start_network_scan', { ip_range: null, include_ports: false });
      expect(ack).toMatchObject({ status: 'success', message: 'Network scan started successfully', scan: { ipRange: null, targets: [CIDR] } });
      expect((await finished(ack.scan_id)).payload.status).toBe('COMPLETED');
      return (await api(t.app, 'GET', `/api/network/scans/${ack.scan_id}/`, viewer)).body;
    };
    try {
      const second = await run();
      expect(second).toMatchObject({ discoveredDevices: 4, newDevices: 0, offlineDevices: 0 });
      let devices = await devicesByIp();
      expect(devices[ip(12)]).toMatchObject({ status: 'online', missedScans: 1 });
      expect(devices[ip(10)]).toMatchObject({ label: 'Web box', tags: ['dmz'], type: 'server', missedScans: 0, pinnedFields: ['label', 'tags'] });
      expect(devices[ip(10)].metadata.ports.map((p: Json) => p.port)).toEqual([22, 80]);
      expect(devices[ip(10)].metadata.last_scan_id).toBe(second.id);

      socket.events.splice(0);
      const third = await run();
      expect(third).toMatchObject({ discoveredDevices: 4, offlineDevices: 1 });
      devices = await devicesByIp();
      expect(devices[ip(12)]).toMatchObject({ status: 'offline', missedScans: 2 });
      expect(socket.of('network_update').map((e) => e.payload.payload)).toContainEqual(expect.objectContaining({ id: devices[ip(12)].id, status: 'offline' }));
      const connections = (await api(t.app, 'GET', '/api/network/connections/', viewer)).body.results as Json[];
      const pair = (c: Json) => [c.source, c.target].sort().join();
      expect(connections.find((c) => pair(c) === [server, devices[ip(12)].id].sort().join())?.status).toBe('inactive');
      expect(connections.some((c) => pair(c) === [server, devices[ip(11)].id].sort().join())).toBe(false);
      expect((await api(t.app, 'GET', `/api/network/scans/${third.id}/results/`, viewer)).body.offline_device_ids).toEqual([devices[ip(12)].id]);
      await waitFor(async () => (await notices(viewer)).length === 1, 3000, 'offline notification');
      expect(await notices(viewer)).toEqual([['warning', 'Device Offline', `Other-12 (${ip(12)}) is no longer responding.`]]);
    } finally {
      managerSocket.close();
    }
  }, 120_000);

  it('cancelling a running full scan stops nmap, keeps the hosts seen so far and marks nobody missed', async () => {
    const before = await devicesByIp();
    const res = await start({ ip_range: CIDR, scan_type: 'full' });
    const scanId: string = res.body.scan_id;
    await waitFor(() => progressOf(scanId).some((e) => e.payload.phase === 'ports'), 30_000, 'port phase');
    await waitFor(() => scanningProcesses(`10.213.${SUBNET}.`).length > 0, 10_000, 'nmap running');
    const managerSocket = await connectSocket(port, owner.access);
    const cancelledAt = Date.now();
    try {
      const ack = await managerSocket.emit('cancel_network_scan', { scan_id: scanId });
      expect(ack).toMatchObject({ status: 'success', message: 'Scan cancelled successfully', scan: { id: scanId, status: 'cancelled', errorMessage: 'Scan was cancelled by user' } });
    } finally {
      managerSocket.close();
    }
    const final = await finished(scanId, 20_000);
    expect(final.payload).toMatchObject({ status: 'CANCELLED', message: 'Scan cancelled', error: 'Scan was cancelled by user', is_complete: true });
    expect(Date.now() - cancelledAt).toBeLessThan(8000);
    await waitFor(() => scanningProcesses(`10.213.${SUBNET}.`).length === 0, 5000, 'nmap to end');
    const scan = (await api(t.app, 'GET', `/api/network/scans/${scanId}/`, viewer)).body;
    expect(scan).toMatchObject({ status: 'cancelled', discoveredDevices: 4, offlineDevices: 0 });
    const after = await devicesByIp();
    expect(after[ip(11)].metadata.last_scan_id).toBe(scanId);
    expect(after[ip(12)]).toMatchObject({ status: 'offline', missedScans: before[ip(12)].missedScans });
  }, 60_000);

  it('a scan that runs out of time fails as timed out and keeps what it saw', async () => {
    const res = await start({ ip_range: CIDR, scan_type: 'full', timeout: 45 });
    const scanId: string = res.body.scan_id;
    await waitFor(() => progressOf(scanId).some((e) => e.payload.phase === 'ports'), 30_000, 'port phase');
    // What the timeout timer does when 45 s have passed.
    t.app.ctx.services.network.scans.queue.stop(scanId, 'timeout');
    const final = await finished(scanId, 20_000);
    expect(final.payload).toMatchObject({ status: 'TIMED_OUT', message: 'Scan timed out after 45 seconds', error: 'Scan timed out after 45 seconds' });
    expect((await api(t.app, 'GET', `/api/network/scans/${scanId}/`, viewer)).body).toMatchObject({ status: 'failed', errorMessage: 'Scan timed out after 45 seconds' });
    expect((await devicesByIp())[ip(10)].metadata.last_scan_id).toBe(scanId);
    await waitFor(() => scanningProcesses(`10.213.${SUBNET}.`).length === 0, 5000, 'nmap to end');
  }, 60_000);

  it('a device rescan scans its address only and counts for that device only', async () => {
    const before = await devicesByIp();
    const target = before[ip(11)];
    const res = await api(t.app, 'POST', `/api/network/devices/${target.id}/rescan/`, owner, { scan_type: 'basic' });
    expect(res.body).toMatchObject({ status: 'success', scan: { targets: [`${ip(11)}/32`], ipRange: ip(11), targetDeviceId: target.id } });
    expect((await finished(res.body.scan_id)).payload.status).toBe('COMPLETED');
    const after = await devicesByIp();
    expect(after[ip(11)].metadata.last_scan_id).toBe(res.body.scan_id);
    expect(after[ip(10)].metadata.last_scan_id).toBe(before[ip(10)].metadata.last_scan_id);
    expect(after[ip(12)].missedScans).toBe(before[ip(12)].missedScans);
  }, 60_000);

  it('a routed network is found without ARP and linked through the router by traceroute', async () => {
    // .8/29 leaves out the router's own address (.1): traceroute goes to the first live host of the targets.
    const res = await start({ ip_range: `10.213.${ROUTED}.8/29`, include_ports: false });
    expect((await finished(res.body.scan_id)).payload.status).toBe('COMPLETED');
    const devices = await devicesByIp();
    const remote = devices[`10.213.${ROUTED}.10`];
    expect(remote).toMatchObject({ mac: null, vendor: null, label: 'Other-10', status: 'online' });
    const links = (await api(t.app, 'GET', `/api/network/connections/?device=${remote.id}`, viewer)).body.results as Json[];
    expect(links.map((c) => [[c.source, c.target].sort(), c.evidence, c.confidence, c.status])).toEqual([
      [[devices[ip(254)].id, remote.id].sort(), ['traceroute'], 0.8, 'active'],
    ]);
  }, 60_000);
});

describeNetns('graceful shutdown during a namespace scan (scanner.md §10)', () => {
  it('ends the running scan as interrupted, "Server shutting down", and kills its processes', async () => {
    const net = await createTestNetwork({ subnet: 122, hosts: [{ octet: 10, mac: '00:1b:21:aa:22:10', listeners: [{ port: 22 }] }] });
    const p = await persistentApp('sqlite', { ...ENV, SCAN_ALLOWED_NETWORKS: '10.213.122.0/24' });
    try {
      const app = await p.start();
      const { scan } = await app.ctx.services.network.scans.start(null, { ip_range: '10.213.122.0/24', scan_type: 'full' });
      await waitFor(() => scanningProcesses('10.213.122.').some((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('nmap')), 30_000, 'nmap running');
      await app.close();
      expect(scanningProcesses('10.213.122.')).toEqual([]);
      const again = await p.start();
      try {
        expect(await again.ctx.services.network.scans.find(scan.id)).toMatchObject({ status: 'interrupted', errorMessage: 'Server shutting down' });
      } finally {
        await again.close();
      }
    } finally {
      await p.cleanup();
      await net.destroy();
    }
  }, 60_000);
});
