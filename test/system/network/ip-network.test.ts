import { describe, expect, it } from 'vitest';
import { formatIpv6, normalizeIp, parseIp, parseIpv4 } from '../../../src/system/network/ip-address.js';
import { IpNetwork, rangeToNetworks } from '../../../src/system/network/ip-network.js';

describe('IP addresses', () => {
  it('parses strict dotted quads only', () => {
    expect(parseIpv4('10.213.1.7')).toBe(0x0ad50107n);
    for (const bad of ['10.213.1', '10.213.1.256', '010.1.1.1', '1.2.3.4.5', '1.2.3.-1', ' 1.2.3.4', '1.2.3.4 ']) {
      expect(parseIpv4(bad), bad).toBeNull();
    }
  });

  it('parses and re-renders IPv6 in RFC 5952 form', () => {
    expect(normalizeIp('FE80:0:0:0:0:0:0:1')).toBe('fe80::1');
    expect(normalizeIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(normalizeIp('::ffff:10.0.0.1')).toBe('::ffff:a00:1');
    expect(normalizeIp('::')).toBe('::');
    expect(normalizeIp('::1')).toBe('::1');
    expect(formatIpv6(1n << 112n)).toBe('1::');
    for (const bad of ['1::2::3', 'fe80::1%eth0', '12345::', '1:2:3:4:5:6:7:8:9', ':1', 'g::1']) {
      expect(parseIp(bad), bad).toBeNull();
    }
  });
});

describe('IpNetwork', () => {
  it('clears host bits, counts hosts without IPv4 network and broadcast', () => {
    const net = IpNetwork.parse('10.213.5.77/24')!;
    expect(net.toString()).toBe('10.213.5.0/24');
    expect(net.size).toBe(256n);
    expect(net.hostCount).toBe(254n);
    expect(IpNetwork.parse('10.0.0.0/31')!.hostCount).toBe(2n);
    expect(IpNetwork.parse('10.0.0.9')!.toString()).toBe('10.0.0.9/32');
    expect(IpNetwork.parse('fd00::/120')!.hostCount).toBe(256n);
    expect([...IpNetwork.parse('10.0.0.0/30')!.addresses()]).toEqual(['10.0.0.1', '10.0.0.2']);
    expect([...IpNetwork.parse('10.0.0.0/30')!.addresses(false)]).toEqual(['10.0.0.0', '10.0.0.1', '10.0.0.2', '10.0.0.3']);
  });

  it('refuses malformed CIDRs', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/', '10.0.0.0/08', '::/129', 'x/8']) expect(IpNetwork.parse(bad), bad).toBeNull();
  });

  it('intersects nested blocks and nothing else', () => {
    const big = IpNetwork.parse('10.0.0.0/8')!;
    const small = IpNetwork.parse('10.213.0.0/16')!;
    expect(big.intersect(small)?.toString()).toBe('10.213.0.0/16');
    expect(small.intersect(big)?.toString()).toBe('10.213.0.0/16');
    expect(small.intersect(IpNetwork.parse('192.168.0.0/16')!)).toBeNull();
    expect(small.intersect(IpNetwork.parse('fd00::/8')!)).toBeNull();
  });

  it('covers a range with the fewest CIDR blocks', () => {
    const pieces = rangeToNetworks(4, parseIpv4('10.0.0.1')!, parseIpv4('10.0.0.10')!).map(String);
    expect(pieces).toEqual(['10.0.0.1/32', '10.0.0.2/31', '10.0.0.4/30', '10.0.0.8/31', '10.0.0.10/32']);
    expect(rangeToNetworks(4, 0n, 0xffffffffn).map(String)).toEqual(['0.0.0.0/0']);
  });
});
