import { describe, expect, it } from 'vitest';
import { allowedNetworks } from '../../../src/system/network/allowed-networks.js';
import { IpNetwork } from '../../../src/system/network/ip-network.js';
import {
  blockAddresses, parseIpRangeInput, resolveExplicitTargets, ScanTargetError,
} from '../../../src/system/network/targets.js';

const allowed = allowedNetworks(null, ['203.0.113.7/28']);
const resolve = (input: string, maxHosts = 1024, nets = allowed) => resolveExplicitTargets(input, { allowed: nets, maxHosts });
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScanTargetError) return [error.field, error.message];
    throw error;
  }
  throw new Error('expected a ScanTargetError');
};

describe('ip_range items (§2.1)', () => {
  it('accepts addresses, CIDRs, both range forms, IPv6, separated by commas or spaces', () => {
    const items = parseIpRangeInput('10.213.1.5, 10.213.2.0/24 10.213.3.10-20,10.213.4.1-10.213.4.9  fd00::1 fd00::/120');
    expect(items.map((i) => i.text)).toHaveLength(6);
  });

  it.each([
    ['10.0.0.0/15'], ['fd00::/119'], ['10.0.0.20-10'], ['10.0.0.1-10.0.1.5'], ['10.0.0.1-256'], ['example.com'],
    ['10.0.0.1;reboot'], ['-oX'], [','], [Array.from({ length: 17 }, (_, i) => `10.0.0.${i + 1}`).join(',')],
  ])('refuses %s', (input) => {
    expect(errorOf(() => resolve(input))).toEqual(['ip_range', 'Enter a valid IP address, CIDR network or range.']);
  });

  it('treats an empty string as "no explicit targets"', () => {
    expect(parseIpRangeInput('')).toEqual([]);
    expect(parseIpRangeInput('   ')).toEqual([]);
  });
});

describe('explicit targets (§2.2)', () => {
  it('re-renders, merges nested items and counts hosts', () => {
    const targets = resolve('10.213.7.77/24, 10.213.7.5, 10.213.8.1-3, 10.213.8.2');
    expect(targets.cidrs).toEqual(['10.213.7.0/24', '10.213.8.1/32', '10.213.8.2/31']);
    expect(targets.hostCount).toBe(254 + 3);
  });

  it('scans every address of a range, even those that look like network or broadcast addresses', () => {
    const targets = resolve('10.213.9.0-7');
    expect(targets.cidrs).toEqual(['10.213.9.0/29']);
    expect(targets.hostCount).toBe(8);
    expect(blockAddresses(targets.blocks[0])).toHaveLength(8);
  });

  it('refuses items outside the allowed networks, naming the item', () => {
    expect(errorOf(() => resolve('8.8.8.8'))).toEqual(['ip_range', '8.8.8.8 is outside the allowed networks.']);
    const only = [IpNetwork.parse('10.213.0.0/16')!];
    expect(errorOf(() => resolve('10.213.1.0/24 10.214.0.1', 1024, only))).toEqual(['ip_range', '10.214.0.1 is outside the allowed networks.']);
  });

  it('includes the host networks in the default allowed list', () => {
    expect(resolve('203.0.113.1').cidrs).toEqual(['203.0.113.1/32']);
    expect(resolve('::1').cidrs).toEqual(['::1/128']);
  });

  it('accepts an item covered by the union of two allowed networks', () => {
    const halves = ['10.213.0.0/25', '10.213.0.128/25'].map((t) => IpNetwork.parse(t)!);
    expect(resolve('10.213.0.0/24', 1024, halves).hostCount).toBe(254);
  });

  it('refuses more hosts than SCAN_MAX_HOSTS', () => {
    expect(errorOf(() => resolve('10.213.0.0/22', 1000))).toEqual(['ip_range', 'Too many hosts: 1022 (maximum 1000).']);
    expect(resolve('10.213.0.0/22', 1022).hostCount).toBe(1022);
  });

  it('uses the configured allowed networks instead of the defaults', () => {
    const configured = allowedNetworks(['10.213.0.0/16'], ['192.168.1.0/24']);
    expect(configured.map(String)).toEqual(['10.213.0.0/16']);
    expect(() => allowedNetworks(['nope'], [])).toThrow(RangeError);
  });
});
