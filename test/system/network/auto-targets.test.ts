import { describe, expect, it } from 'vitest';
import { automaticTargets, DEFAULT_EXCLUDE_INTERFACES, matchesInterfacePattern, narrowToMaxHosts, type InterfaceAddressesLike } from '../../../src/system/network/auto-targets.js';
import { parseIpv4 } from '../../../src/system/network/ip-address.js';
import { IpNetwork } from '../../../src/system/network/ip-network.js';
import { ScanTargetError } from '../../../src/system/network/targets.js';

const iface = (name: string, addresses: string[], extra: Partial<InterfaceAddressesLike> = {}): InterfaceAddressesLike => ({
  name, is_up: true, is_loopback: false,
  addresses: addresses.map((cidr) => {
    const [address, prefix] = cidr.split('/');
    return { family: address.includes(':') ? 'inet6' : 'inet', address, prefix_length: Number(prefix) };
  }),
  ...extra,
});
const nets = (...texts: string[]) => texts.map((t) => IpNetwork.parse(t)!);
const auto = (interfaces: InterfaceAddressesLike[], configuredAllowed: IpNetwork[] | null = null, maxHosts = 1024) =>
  automaticTargets({ interfaces, excludeInterfaces: DEFAULT_EXCLUDE_INTERFACES, configuredAllowed, maxHosts }).cidrs;

describe('automatic targets (§2.2)', () => {
  it('takes the IPv4 networks of up, non-loopback, non-excluded interfaces', () => {
    expect(auto([
      iface('lo', ['127.0.0.1/8', '::1/128'], { is_loopback: true }),
      iface('eth0', ['192.168.1.20/24', '169.254.3.3/16', 'fd00::20/64', 'fe80::1/64']),
      iface('eth1', ['10.1.0.5/24'], { is_up: false }),
      iface('docker0', ['172.17.0.1/16']),
      iface('veth-ev1234', ['10.213.0.1/24']),
      iface('wlan0', ['192.168.50.3/24']),
    ])).toEqual(['192.168.1.0/24', '192.168.50.0/24']);
  });

  it('narrows a large interface network around the interface address', () => {
    expect(auto([iface('eth0', ['10.20.130.9/16'])])).toEqual(['10.20.128.0/22']);
    expect(auto([iface('eth0', ['10.20.130.9/16'])], null, 254)).toEqual(['10.20.130.0/24']);
    expect(auto([iface('eth0', ['10.20.130.9/16'])], null, 1)).toEqual(['10.20.130.9/32']);
  });

  it('intersects with SCAN_ALLOWED_NETWORKS: narrows to each allowed network inside, keeps one that contains it', () => {
    const ifaces = [iface('eth0', ['10.20.0.9/16']), iface('eth1', ['192.168.7.2/24']), iface('eth2', ['172.20.0.2/24'])];
    expect(auto(ifaces, nets('10.20.5.0/24', '10.20.9.0/25', '192.168.0.0/16'))).toEqual([
      '10.20.5.0/24', '10.20.9.0/25', '192.168.7.0/24',
    ]);
  });

  it('narrows an allowed network not holding the interface address at its start', () => {
    expect(auto([iface('eth0', ['10.20.0.9/16'])], nets('10.20.64.0/18'))).toEqual(['10.20.64.0/22']);
  });

  it('fails the scan when nothing is left', () => {
    expect(() => auto([iface('eth0', ['192.168.1.2/24'])], nets('10.0.0.0/8'))).toThrow(
      new ScanTargetError(null, 'No valid subnets found for scanning'),
    );
    expect(() => auto([iface('lo', ['127.0.0.1/8'], { is_loopback: true })])).toThrow('No valid subnets found for scanning');
  });
});

describe('helpers', () => {
  it('matches interface patterns with * wildcards on whole names', () => {
    expect(matchesInterfacePattern('br-1a2b', DEFAULT_EXCLUDE_INTERFACES)).toBe(true);
    expect(matchesInterfacePattern('ebr-1', DEFAULT_EXCLUDE_INTERFACES)).toBe(false);
    expect(matchesInterfacePattern('eth0.5', ['eth0.*'])).toBe(true);
    expect(matchesInterfacePattern('eth005', ['eth0.*'])).toBe(false);
  });

  it('keeps a network that already fits', () => {
    const net = IpNetwork.parse('10.0.0.0/24')!;
    expect(narrowToMaxHosts(net, parseIpv4('10.0.0.5')!, 254)).toBe(net);
  });
});
