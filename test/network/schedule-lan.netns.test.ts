import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { clockedApps, type ClockedApps } from './clocked-app.js';
import { api, waitFor, type Json } from './helpers.js';

// Test network 10.213.126.0/24: the server (root namespace) at .1 and two hosts. Scans may touch this network only
// (SCAN_ALLOWED_NETWORKS); the schedule scans 10.213.126.0/28 without ports, so each run takes seconds.
const SUBNET = 126;
const CIDR = `10.213.${SUBNET}.0/24`;
const RANGE = `10.213.${SUBNET}.0/28`;
const ip = (octet: number) => `10.213.${SUBNET}.${octet}`;
const ENV = {
  SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false', SCAN_OFFLINE_AFTER_MISSES: '2',
  // The test network's veth would be excluded by the default patterns; the allowed network still limits targets.
  SCAN_EXCLUDE_INTERFACES: 'docker*',
};

describeNetns('a scan schedule keeps the inventory of a namespace LAN current', () => {
  let net: TestNetwork;
  let apps: ClockedApps;
  let app: App;
  let owner: Session;

  const get = async (path: string) => (await api(app, 'GET', `/api/${path}`, owner)).body;
  const devicesByIp = async (): Promise<Record<string, Json>> =>
    Object.fromEntries(((await get('network/devices/?page_size=500')).results as Json[]).map((d) => [d.ip, d]));
  /** Moves the test clock to the schedule's next run and waits for the scan it starts to complete. */
  const nextRun = async (scheduleId: string): Promise<Json> => {
    const before = await get(`network/schedules/${scheduleId}/`);
    apps.clock.advance(5);
    await waitFor(async () => (await get(`network/schedules/${scheduleId}/`)).last_scan_id !== before.last_scan_id, 10_000, 'the scheduled scan');
    const { last_scan_id: scanId } = await get(`network/schedules/${scheduleId}/`);
    await waitFor(async () => !['queued', 'in-progress'].includes((await get(`network/scans/${scanId}/`)).status), 90_000, `scan ${scanId}`);
    return get(`network/scans/${scanId}/`);
  };
  const offlineNotices = async () => ((await get('notifications/?page_size=500')).results as Json[])
    .filter((n) => n.source === 'network_scanner' && n.title === 'Device Offline').map((n) => n.message);

  beforeAll(async () => {
    net = await createTestNetwork({ subnet: SUBNET, hosts: [{ octet: 10, mac: '00:1b:21:aa:26:10' }, { octet: 11, mac: 'b8:27:eb:aa:26:11' }] });
    apps = await clockedApps('sqlite', ENV);
    app = await apps.start();
    owner = await registerOwner(app);
  }, 30_000);
  afterAll(async () => {
    await app?.close();
    await apps?.cleanup();
    await net?.destroy();
  });

  it('runs by itself, finds the hosts, and a host that disappears goes offline after its misses with its session closed', async () => {
    const created = await api(app, 'POST', '/api/network/schedules/', owner, { name: 'Test LAN', ip_range: RANGE, every_minutes: 5 });
    expect(created.status).toBe(201);
    const id: string = created.body.id;

    const first = await nextRun(id);
    expect(first).toMatchObject({ status: 'completed', ipRange: RANGE, startedBy: null, discoveredDevices: 3, newDevices: 3 });
    let devices = await devicesByIp();
    expect(Object.keys(devices).sort()).toEqual([ip(1), ip(10), ip(11)]);
    const gone = devices[ip(11)];
    expect(gone).toMatchObject({ mac: 'b8:27:eb:aa:26:11', vendor: 'Raspberry Pi Foundation', macRandomized: false, reviewed: false, status: 'online' });
    expect(devices[ip(1)].macRandomized).toBe(true);
    expect((await get('network/devices/?reviewed=false')).count).toBe(3);
    const schedule = await get(`network/schedules/${id}/`);
    expect(schedule).toMatchObject({ last_scan_id: first.id, last_error: null });
    expect(Date.parse(schedule.next_run_at) - Date.parse(schedule.last_run_at)).toBeLessThanOrEqual(5 * 60_000);

    execFileSync('ip', ['-n', net.hosts[1].namespace, 'link', 'set', 'eth0', 'down']);
    execFileSync('ip', ['neigh', 'flush', 'dev', net.serverInterface]);

    const second = await nextRun(id);
    expect(second).toMatchObject({ status: 'completed', discoveredDevices: 2, offlineDevices: 0 });
    expect((await devicesByIp())[ip(11)]).toMatchObject({ status: 'online', missedScans: 1 });
    expect((await get(`network/devices/${gone.id}/presence/`)).results).toEqual([{ started_at: gone.firstSeen, ended_at: null, status: 'online' }]);

    const third = await nextRun(id);
    expect(third).toMatchObject({ status: 'completed', discoveredDevices: 2, offlineDevices: 1 });
    devices = await devicesByIp();
    expect(devices[ip(11)]).toMatchObject({ status: 'offline', missedScans: 2, lastSeen: gone.lastSeen });
    // The online session ends when the host was last seen, and the offline one starts then.
    expect((await get(`network/devices/${gone.id}/presence/`)).results).toEqual([
      { started_at: gone.lastSeen, ended_at: null, status: 'offline' },
      { started_at: gone.firstSeen, ended_at: gone.lastSeen, status: 'online' },
    ]);
    expect((await get(`network/devices/${devices[ip(10)].id}/presence/`)).count).toBe(1);
    await waitFor(async () => (await offlineNotices()).length === 1, 3000, 'the offline notice');

    // Still gone: no new session and no second notice.
    const fourth = await nextRun(id);
    expect(fourth).toMatchObject({ discoveredDevices: 2, offlineDevices: 0 });
    expect((await get(`network/devices/${gone.id}/presence/`)).count).toBe(2);
    expect(await offlineNotices()).toEqual([`Other-11 (${ip(11)}) is no longer responding.`]);

    // Back: the offline session closes and a new online one opens.
    execFileSync('ip', ['-n', net.hosts[1].namespace, 'link', 'set', 'eth0', 'up']);
    const fifth = await nextRun(id);
    expect(fifth).toMatchObject({ discoveredDevices: 3, newDevices: 0 });
    const back = (await devicesByIp())[ip(11)];
    expect(back).toMatchObject({ status: 'online', missedScans: 0 });
    const sessions = (await get(`network/devices/${gone.id}/presence/`)).results;
    expect(sessions.map((s: Json) => [s.status, s.ended_at === null])).toEqual([['online', true], ['offline', false], ['online', false]]);
    expect(sessions[0].started_at).toBe(back.lastSeen);
    expect(sessions[1].ended_at).toBe(back.lastSeen);
  }, 300_000);
});
