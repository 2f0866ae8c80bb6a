import { afterAll, beforeAll, expect, it } from 'vitest';
import { reverseName } from '../../../src/system/network/dns/reverse-name.js';
import { lookupHostNames, pickHostname } from '../../../src/system/network/host-names.js';
import { readInterfaces } from '../../../src/system/network/interfaces.js';
import { mdnsLookup } from '../../../src/system/network/mdns.js';
import { netbiosLookup } from '../../../src/system/network/netbios.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../../helpers/netns.js';
import { startDnsResponder, type DnsResponder } from './dns-responder.js';
import { MDNS_RESPONDER, NETBIOS_RESPONDER } from './name-responders.js';

// Test network 10.213.114.0/24: .10 answers mDNS and NetBIOS, .11 answers neither, .12 answers NetBIOS only.
// Reverse DNS goes to a responder on loopback that knows .11 only.
const SUBNET = 114;

describeNetns('host names from mDNS and NetBIOS (§5.2)', () => {
  let net: TestNetwork;
  let dns: DnsResponder;
  beforeAll(async () => {
    dns = await startDnsResponder({ [reverseName('10.213.114.11')]: 'printer.everyst.test' });
    net = await createTestNetwork({
      subnet: SUBNET,
      hosts: [{ octet: 10, mac: '00:1b:21:aa:14:10' }, { octet: 11, mac: '00:1b:21:aa:14:11' }, { octet: 12, mac: '00:1b:21:aa:14:12' }],
    });
    const [named, , windows] = net.hosts;
    await net.startScript(named.namespace, MDNS_RESPONDER, [named.ip, reverseName(named.ip), 'nas.local']);
    await net.startScript(named.namespace, NETBIOS_RESPONDER, ['NAS-BOX']);
    await net.startScript(windows.namespace, NETBIOS_RESPONDER, ['DESKTOP-7']);
  });
  afterAll(async () => {
    await net?.destroy();
    await dns?.close();
  });

  it('mDNS: a PTR query on the attached interface gives the .local name', async () => {
    const started = Date.now();
    const names = await mdnsLookup(net.hosts.map((h) => h.ip), { interfaceAddress: net.serverIp, timeoutMs: 500 });
    expect(Object.fromEntries(names)).toEqual({ '10.213.114.10': 'nas.local' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });

  it('NetBIOS: the first unique name with suffix 0x00', async () => {
    const names = await netbiosLookup(net.hosts.map((h) => h.ip));
    expect(Object.fromEntries(names)).toEqual({ '10.213.114.10': 'NAS-BOX', '10.213.114.12': 'DESKTOP-7' });
  });

  it('the names phase asks reverse DNS and mDNS, then NetBIOS for hosts still unnamed', async () => {
    const names = await lookupHostNames({
      hosts: net.hosts.map((h) => ({ ip: h.ip, interfaceName: net.serverInterface })),
      interfaces: readInterfaces(),
      dnsServers: [dns.server],
      rdnsTimeoutMs: 300, mdnsTimeoutMs: 500, netbiosTimeoutMs: 500,
    });
    expect(Object.fromEntries(names)).toEqual({
      '10.213.114.10': { mdns_name: 'nas.local' },
      '10.213.114.11': { rdns_name: 'printer.everyst.test' },
      '10.213.114.12': { netbios_name: 'DESKTOP-7' },
    });
    expect(pickHostname(names.get('10.213.114.10')!)).toEqual({ hostname: 'nas.local', source: 'mdns' });
    expect(pickHostname({ netbios_name: 'A', nmap_name: 'b', rdns_name: 'c.test' })).toEqual({ hostname: 'c.test', source: 'rdns' });
    expect(pickHostname({})).toBeNull();
  });

  it('both stop when cancelled', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 50);
    await expect(mdnsLookup([net.hosts[1].ip], { interfaceAddress: net.serverIp, signal: controller.signal })).rejects.toThrow('cancelled');
    await expect(netbiosLookup([net.hosts[1].ip], { signal: AbortSignal.abort(new Error('stopped')) })).rejects.toThrow('stopped');
  });
});
