import { afterAll, beforeAll, expect, it } from 'vitest';
import { readInterfaces } from '../../../src/system/network/interfaces.js';
import { IpNetwork } from '../../../src/system/network/ip-network.js';
import { readNetworkOverview } from '../../../src/system/network/network-overview.js';
import { probeHosts } from '../../../src/system/network/probe-hosts.js';
import { readRoutes } from '../../../src/system/network/routes.js';
import { resolveExplicitTargets } from '../../../src/system/network/targets.js';
import { tcpProbe } from '../../../src/system/network/tcp-probe.js';
import { inferRoutedNetwork } from '../../../src/system/network/topology.js';
import { traceroute } from '../../../src/system/network/traceroute.js';
import { DEFAULT_EXCLUDE_INTERFACES } from '../../../src/system/network/auto-targets.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../../helpers/netns.js';

// 10.213.112.0/24 is attached (server .1, router .254); 10.213.113.0/24 lies behind the router (.1):
// a web host at .20 and, at .21, a host that ignores ping and can only be found by the TCP probe.
const ATTACHED = 112;
const ROUTED = 113;

describeNetns('a routed network behind a router namespace (§5.1 step 3, §7, §8)', () => {
  let net: TestNetwork;
  const allowed = [IpNetwork.parse('10.213.0.0/16')!];

  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: ATTACHED,
      hosts: [],
      routed: {
        subnet: ROUTED,
        routerMac: '00:1b:21:aa:12:fe',
        hosts: [
          { octet: 20, mac: '00:1b:21:aa:13:20', listeners: [{ port: 443 }] },
          { octet: 21, mac: '00:1b:21:aa:13:21', ignorePing: true },
        ],
      },
    });
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('finds routed hosts by ICMP, and the one ignoring ping by the TCP probe', async () => {
    const targets = resolveExplicitTargets(net.routed!.cidr, { allowed, maxHosts: 254 });
    const { hosts } = await probeHosts({ targets: targets.blocks, privileged: true, fpingIntervalMs: 1 });
    expect(hosts.map((h) => [h.ip, h.mac, h.methods, h.isThisServer])).toEqual([
      ['10.213.113.1', null, ['icmp'], false],
      ['10.213.113.20', null, ['icmp'], false],
      ['10.213.113.21', null, ['tcp'], false],
    ]);
    expect(hosts[2].latencyMs).toBeNull();
  }, 30_000);

  it('tcpProbe counts a refused connection as a live host', async () => {
    expect([...await tcpProbe(['10.213.113.21', '10.213.113.99'], { timeoutMs: 500 })]).toEqual(['10.213.113.21']);
  });

  it('traceroute gives the hops, and the topology links the router to the routed hosts', async () => {
    const hops = await traceroute('10.213.113.20');
    expect(hops).toEqual(['10.213.112.254', '10.213.113.20']);
    const deviceByIp = new Map([['10.213.112.254', 'router'], ['10.213.113.1', 'router-b'], ['10.213.113.20', 'web'], ['10.213.113.21', 'quiet']]);
    const connections = inferRoutedNetwork({
      network: IpNetwork.parse(net.routed!.cidr)!, hops, deviceByIp,
      hosts: [...deviceByIp].slice(1).map(([ip, deviceId]) => ({ deviceId, ip, latencyMs: null })),
    });
    expect(connections.map((c) => [c.source, c.target, c.evidence.join('+'), c.confidence])).toEqual([
      ['router', 'web', 'traceroute', 0.8],
      ['router', 'router-b', 'traceroute+same_subnet', 0.5],
      ['router', 'quiet', 'traceroute+same_subnet', 0.5],
    ]);
  });

  it('reads the server side of the test network from /sys and /proc, with the traffic the probes sent', async () => {
    const iface = readInterfaces().find((i) => i.name === net.serverInterface);
    expect(iface).toMatchObject({
      is_up: true, is_loopback: false, type: 'virtual', mac: net.serverMac, mtu: 1500, speed_mbps: expect.any(Number),
      addresses: [{ family: 'inet', address: '10.213.112.1', prefix_length: 24, cidr: '10.213.112.1/24', scope: 'global' }],
      is_default: false,
    });
    expect(iface!.tx_packets).toBeGreaterThan(0);
    const routes = await readRoutes();
    expect(routes).toEqual(expect.arrayContaining([
      { family: 'inet', destination: '10.213.112.0/24', gateway: null, interface: net.serverInterface, metric: 0 },
      { family: 'inet', destination: '10.213.113.0/24', gateway: '10.213.112.254', interface: net.serverInterface, metric: 0 },
    ]));
    const overview = await readNetworkOverview({ excludeInterfaces: DEFAULT_EXCLUDE_INTERFACES, configuredAllowed: null, maxHosts: 1024 });
    expect(overview.interfaces.map((i) => i.name)).toContain(net.serverInterface);
    expect(overview.scan_networks).not.toContain('10.213.112.0/24');
  });
});
