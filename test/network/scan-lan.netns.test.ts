import { hostname } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type HostSpec, type TestNetwork } from '../helpers/netns.js';
import { api, sleep, type Json } from './helpers.js';

// A flat LAN 10.213.125.0/24: the server (root namespace) at .1 and six hosts with distinct vendor MACs. The
// "gateway" is a MikroTik-MAC host at .254: createTestNetwork has no gateway role for attached hosts, and the
// server's real default route stays outside the test network, so to the scanner it is an ordinary host.
// Every listener answers at once (a banner, or an HTTP reply to the first data) so -sV probes end quickly.
const SUBNET = 125;
const CIDR = `10.213.${SUBNET}.0/24`;
const ip = (octet: number) => `10.213.${SUBNET}.${octet}`;
const HTTP_REPLY = 'HTTP/1.0 200 OK\r\nServer: nginx\r\nContent-Length: 2\r\n\r\nok';
const SSH = { port: 22, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' };
const HTTP = { port: 80, reply: HTTP_REPLY };

interface LanHost extends HostSpec { vendor: string; ports: [number, string][] }
const HOSTS: LanHost[] = [
  { octet: 254, mac: '4c:5e:0c:aa:25:fe', vendor: 'Routerboard.com', listeners: [SSH, HTTP], ports: [[22, 'ssh'], [80, 'http']] },
  { octet: 10, mac: '00:1b:21:aa:25:10', vendor: 'Intel Corporate', listeners: [SSH, HTTP], ports: [[22, 'ssh'], [80, 'http']] },
  { octet: 11, mac: 'b8:27:eb:aa:25:11', vendor: 'Raspberry Pi Foundation', ports: [[21, 'ftp']],
    listeners: [{ port: 21, banner: '220 (vsFTPd 3.0.3)\r\n' }] },
  { octet: 12, mac: '00:11:32:aa:25:12', vendor: 'Synology Incorporated', ports: [[25, 'smtp'], [8080, 'http-proxy']],
    listeners: [{ port: 25, banner: '220 nas.test ESMTP Postfix\r\n' }, { port: 8080, reply: HTTP_REPLY }] },
  { octet: 13, mac: '3c:22:fb:aa:25:13', vendor: 'Apple, Inc.', ports: [] },
  { octet: 14, mac: 'f4:f5:d8:aa:25:14', vendor: 'Google, Inc.', ports: [] },
];
const ENV = {
  API_PORT: '0', API_HOST: '127.0.0.1', SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false',
  // The test network's veth would be excluded by the default patterns; the allowed network still limits targets.
  SCAN_EXCLUDE_INTERFACES: 'docker*',
};

describeNetns('scanning a flat six-host LAN (scanner.md §5–§7)', () => {
  let net: TestNetwork;
  let t: TestApp;
  let owner: Session;

  const devicesByIp = async (): Promise<Record<string, Json>> => {
    const list = (await api(t.app, 'GET', '/api/network/devices/?page_size=500', owner)).body.results as Json[];
    return Object.fromEntries(list.map((d) => [d.ip, d]));
  };
  /** Starts a scan of the LAN and polls it until it leaves queued/in-progress. */
  const scan = async (scanType: 'basic' | 'intense', timeoutMs: number): Promise<Json> => {
    const res = await api(t.app, 'POST', '/api/network/scans/start_scan/', owner, { ip_range: CIDR, scan_type: scanType });
    expect(res.body).toMatchObject({ status: 'success', scan: { targets: [CIDR], scanType } });
    const until = Date.now() + timeoutMs;
    for (;;) {
      const current = (await api(t.app, 'GET', `/api/network/scans/${res.body.scan_id}/`, owner)).body;
      if (!['queued', 'in-progress'].includes(current.status)) return current;
      if (Date.now() > until) throw new Error(`${scanType} scan still ${current.status} after ${timeoutMs} ms`);
      await sleep(250);
    }
  };
  const openPorts = (device: Json) => device.metadata.ports.map((p: Json) => [p.port, p.protocol, p.state]);

  beforeAll(async () => {
    net = await createTestNetwork({ subnet: SUBNET, hosts: HOSTS.map(({ octet, mac, listeners }) => ({ octet, mac, listeners })) });
    t = await createTestApp('sqlite', ENV);
    await t.app.listen();
    owner = await registerOwner(t.app);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await net?.destroy();
  });

  it('a basic scan finds exactly the six hosts and the server, with MACs, vendors and open ports', async () => {
    const done = await scan('basic', 90_000);
    expect(done).toMatchObject({ status: 'completed', discoveredDevices: 7, newDevices: 7, offlineDevices: 0, errorMessage: null });

    const devices = await devicesByIp();
    expect(Object.keys(devices).sort()).toEqual([1, ...HOSTS.map((h) => h.octet)].map(ip).sort());
    expect(devices[ip(1)]).toMatchObject({ type: 'server', label: hostname().slice(0, 100), mac: net.serverMac, metadata: { is_this_server: true } });
    for (const host of HOSTS) {
      const device = devices[ip(host.octet)];
      expect(device, ip(host.octet)).toMatchObject({ mac: host.mac, vendor: host.vendor, macRandomized: false, status: 'online' });
      expect(device.metadata.last_scan_id).toBe(done.id);
      expect(device.metadata.ports.map((p: Json) => [p.port, p.service, p.state]), ip(host.octet))
        .toEqual(host.ports.map(([port, service]) => [port, service, 'open']));
    }
    // §5.4 rule 4: 22 with 80 makes a server; the hosts without open ports stay "other".
    expect(devices[ip(10)]).toMatchObject({ type: 'server', label: 'Server-10' });
    expect(devices[ip(13)]).toMatchObject({ type: 'other', label: 'Other-13' });
  }, 120_000);

  it('an intense scan of the same LAN completes and reports the same open ports', async () => {
    const done = await scan('intense', 240_000);
    expect(done).toMatchObject({ status: 'completed', scanType: 'intense', discoveredDevices: 7, newDevices: 0, offlineDevices: 0, errorMessage: null });

    const devices = await devicesByIp();
    expect(Object.keys(devices)).toHaveLength(7);
    for (const host of HOSTS) {
      const device = devices[ip(host.octet)];
      expect(device.metadata.last_scan_id).toBe(done.id);
      expect(openPorts(device), ip(host.octet)).toEqual(host.ports.map(([port]) => [port, 'tcp', 'open']));
    }
    // -sV read the banners.
    expect(devices[ip(10)].metadata.ports[0]).toMatchObject({ service: 'ssh', product: 'OpenSSH' });
    expect(devices[ip(11)].metadata.ports[0]).toMatchObject({ service: 'ftp', product: 'vsftpd' });
  }, 300_000);

  it('the topology links every host to the server, the hub of a LAN without the server\'s default gateway', async () => {
    // §7 attached networks: the server's default gateway is not inside 10.213.125.0/24 (hosts there have no
    // route out, and the server's default route is its real one), so the hub is the server's own device, which
    // has an address in the network. Each other host gets one inferred wired link to it with evidence
    // same_subnet + local_interface and confidence 0.5 — .254 included, as nothing marks it as a gateway —
    // and hosts are not linked to each other.
    const topology = (await api(t.app, 'GET', '/api/network/topology/', owner)).body;
    const devices = await devicesByIp();
    const server = devices[ip(1)].id;
    expect(topology.devices.map((d: Json) => d.ip).sort()).toEqual(Object.keys(devices).sort());
    expect(topology.connections.map((c: Json) => [c.source, c.target, c.type, c.status, c.inferred, c.evidence, c.confidence]).sort())
      .toEqual(HOSTS.map((h) => [server, devices[ip(h.octet)].id, 'wired', 'active', true, ['same_subnet', 'local_interface'], 0.5]).sort());
    expect(topology).toMatchObject({ lastScan: { scanType: 'intense', status: 'completed' }, activeScanInProgress: false });
    expect(devices[ip(254)]).toMatchObject({ mac: HOSTS[0].mac, vendor: 'Routerboard.com' });
    expect(devices[ip(254)].label).not.toBe('Main Gateway');
  }, 30_000);
});
