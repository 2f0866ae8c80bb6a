import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { arpScan } from '../../../src/system/network/arp-scan.js';
import { fpingSweep } from '../../../src/system/network/fping.js';
import { IpNetwork } from '../../../src/system/network/ip-network.js';
import { neighbourSweep } from '../../../src/system/network/neighbours.js';
import { probeHosts } from '../../../src/system/network/probe-hosts.js';
import { resolveExplicitTargets, blockAddresses } from '../../../src/system/network/targets.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../../helpers/netns.js';

// Test network 10.213.110.0/24: the server at .1, three hosts with MACs of known vendors and one randomized.
const SUBNET = 110;
const INTEL = '00:1b:21:aa:10:10';
const RASPBERRY = 'b8:27:eb:aa:10:12';
const RANDOMIZED = '02:00:5e:aa:10:11';

describeNetns('discovery inside a namespace network (§5.1)', () => {
  let net: TestNetwork;
  let cidr: IpNetwork;
  const targets = () => resolveExplicitTargets(net.cidr, { allowed: [IpNetwork.parse('10.213.0.0/16')!], maxHosts: 1024 });
  const flushNeighbours = () => execFileSync('ip', ['neigh', 'flush', 'dev', net.serverInterface]);

  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: SUBNET,
      hosts: [{ octet: 10, mac: INTEL }, { octet: 11, mac: RANDOMIZED }, { octet: 12, mac: RASPBERRY }],
    });
    cidr = IpNetwork.parse(net.cidr)!;
  });
  afterAll(async () => {
    await net?.destroy();
  });

  const hostIps = () => net.hosts.map((h) => h.ip);

  it('fping sweep finds exactly the hosts that exist, with round-trip times', async () => {
    const alive = await fpingSweep({ network: cidr, intervalMs: 1 });
    expect([...alive.keys()].sort()).toEqual([net.serverIp, ...hostIps()].sort());
    for (const ms of alive.values()) expect(ms).toBeGreaterThan(0);
  });

  it('arp-scan gives every host with its MAC', async () => {
    const macs = await arpScan({ interfaceName: net.serverInterface, network: cidr });
    expect(Object.fromEntries(macs)).toEqual({ '10.213.110.10': INTEL, '10.213.110.11': RANDOMIZED, '10.213.110.12': RASPBERRY });
  });

  it('the unprivileged probe sweep learns the MACs from the neighbour table', async () => {
    flushNeighbours();
    const macs = await neighbourSweep(blockAddresses(targets().blocks[0]));
    expect(Object.fromEntries(macs)).toEqual({ '10.213.110.10': INTEL, '10.213.110.11': RANDOMIZED, '10.213.110.12': RASPBERRY });
  });

  it('probeHosts (privileged) returns each host with MAC, vendor, latency and the server itself', async () => {
    flushNeighbours();
    const progress: number[] = [];
    const { hosts, warnings } = await probeHosts({
      targets: targets().blocks, privileged: true, fpingIntervalMs: 1, onProgress: (f) => progress.push(f),
    });
    expect(warnings).toEqual([]);
    expect(hosts.map((h) => [h.ip, h.mac, h.vendor, h.macRandomized, h.isThisServer])).toEqual([
      // A veth gets a random, locally administered MAC.
      [net.serverIp, net.serverMac, null, true, true],
      ['10.213.110.10', INTEL, 'Intel Corporate', false, false],
      ['10.213.110.11', RANDOMIZED, null, true, false],
      ['10.213.110.12', RASPBERRY, 'Raspberry Pi Foundation', false, false],
    ]);
    for (const host of hosts.slice(1)) {
      expect(host.methods).toEqual(expect.arrayContaining(['arp-scan', 'icmp']));
      expect(host.latencyMs).toBeGreaterThan(0);
      expect(host.interfaceName).toBe(net.serverInterface);
    }
    expect(progress.at(-1)).toBe(1);
  });

  it('works without privileges, arp-scan, fping or nmap: probe sweep + ping', async () => {
    flushNeighbours();
    const { hosts, warnings } = await probeHosts({
      targets: targets().blocks, privileged: false, binaries: { fping: null, 'arp-scan': null },
    });
    expect(warnings).toEqual([]);
    const byIp = Object.fromEntries(hosts.map((h) => [h.ip, h]));
    expect(Object.keys(byIp).sort()).toEqual([net.serverIp, ...hostIps()].sort());
    expect(byIp['10.213.110.10']).toMatchObject({ mac: INTEL, vendor: 'Intel Corporate', methods: ['neighbour', 'icmp'] });
    expect(byIp['10.213.110.12'].latencyMs).toBeGreaterThan(0);
  });

  it('without any ICMP program it warns and still finds the hosts by their MACs', async () => {
    flushNeighbours();
    const { hosts, warnings } = await probeHosts({
      targets: targets().blocks, privileged: false, binaries: { fping: null, ping: null, 'arp-scan': null },
    });
    expect(warnings).toEqual([expect.stringContaining('Debian package: fping')]);
    expect(hosts.filter((h) => !h.isThisServer).map((h) => [h.ip, h.mac, h.latencyMs])).toEqual([
      ['10.213.110.10', INTEL, null], ['10.213.110.11', RANDOMIZED, null], ['10.213.110.12', RASPBERRY, null],
    ]);
  });

  it('a single-address target finds only that host', async () => {
    const single = resolveExplicitTargets('10.213.110.12', { allowed: [cidr], maxHosts: 1 });
    const { hosts } = await probeHosts({ targets: single.blocks, privileged: true });
    expect(hosts.map((h) => [h.ip, h.vendor])).toEqual([['10.213.110.12', 'Raspberry Pi Foundation']]);
  });

  it('stops when cancelled and reports the reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = probeHosts({ targets: targets().blocks, privileged: false, binaries: { 'arp-scan': null }, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('Scan was cancelled by user')), 100);
    await expect(run).rejects.toThrow('Scan was cancelled by user');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
