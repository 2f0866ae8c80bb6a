import { parseIpv4, parseIp } from './ip-address.js';
import { IpNetwork, intervalCovered, mergeIntervals, rangeToNetworks, type AddressInterval } from './ip-network.js';

/** A target refused by §2.2 rules. `field` is `ip_range` for request errors, null when the scan itself fails. */
export class ScanTargetError extends Error {
  constructor(
    readonly field: 'ip_range' | null,
    message: string,
  ) {
    super(message);
    this.name = 'ScanTargetError';
  }
}

export const INVALID_RANGE_MESSAGE = 'Enter a valid IP address, CIDR network or range.';
export const NO_SUBNETS_MESSAGE = 'No valid subnets found for scanning';
export const MAX_RANGE_ITEMS = 16;

/**
 * One block to scan. `includeEdges` is true for blocks cut from an address range: there the network and
 * broadcast addresses were asked for explicitly and are scanned and counted like any other address.
 */
export interface TargetBlock {
  network: IpNetwork;
  includeEdges: boolean;
  /** Set for automatic targets: the interface the network was taken from. */
  interfaceName?: string;
}

export interface ScanTargets {
  blocks: TargetBlock[];
  /** Addresses covered, without network/broadcast of IPv4 CIDRs of /30 or shorter. */
  hostCount: number;
  /** The CIDR texts stored as the scan's `targets`. */
  cidrs: string[];
}

interface ParsedItem {
  text: string;
  interval: AddressInterval;
  /** Set when the item was written as a CIDR (a bare address is a range of one). */
  network?: IpNetwork;
}

/** Parses the `ip_range` request field (§2.1); throws ScanTargetError. Empty input gives an empty list. */
export function parseIpRangeInput(input: string): ParsedItem[] {
  const items = input.split(/[\s,]+/).filter((item) => item !== '');
  if (input.trim() !== '' && (items.length === 0 || items.length > MAX_RANGE_ITEMS)) {
    throw new ScanTargetError('ip_range', INVALID_RANGE_MESSAGE);
  }
  return items.map((item) => {
    const parsed = parseItem(item);
    if (!parsed) throw new ScanTargetError('ip_range', INVALID_RANGE_MESSAGE);
    return parsed;
  });
}

function parseItem(text: string): ParsedItem | null {
  if (text.includes('/')) {
    const network = IpNetwork.parse(text);
    if (!network || network.prefix < (network.family === 4 ? 16 : 120)) return null;
    return { text, network, interval: { family: network.family, first: network.first, last: network.last } };
  }
  const dash = text.indexOf('-');
  if (dash < 0) {
    const address = parseIp(text);
    return address ? { text, interval: { family: address.family, first: address.value, last: address.value } } : null;
  }
  const first = parseIpv4(text.slice(0, dash));
  const lastText = text.slice(dash + 1);
  if (first === null) return null;
  let last: bigint | null;
  if (/^(0|[1-9][0-9]{0,2})$/.test(lastText)) {
    last = Number(lastText) <= 255 ? (first & ~0xffn) | BigInt(lastText) : null;
  } else {
    last = parseIpv4(lastText);
    if (last !== null && last >> 8n !== first >> 8n) return null;
  }
  if (last === null || last < first) return null;
  return { text, interval: { family: 4, first, last } };
}

export interface ExplicitTargetOptions {
  allowed: readonly IpNetwork[];
  maxHosts: number;
}

/** §2.2 explicit targets: parse, check every item against the allowed networks, merge, count. */
export function resolveExplicitTargets(input: string, options: ExplicitTargetOptions): ScanTargets {
  const items = parseIpRangeInput(input);
  if (items.length === 0) throw new ScanTargetError('ip_range', INVALID_RANGE_MESSAGE);
  const allowedIntervals = options.allowed.map((n) => ({ family: n.family, first: n.first, last: n.last }));
  for (const item of items) {
    if (!intervalCovered(item.interval, allowedIntervals)) {
      throw new ScanTargetError('ip_range', `${item.text} is outside the allowed networks.`);
    }
  }
  const networks = items.flatMap((item) => (item.network ? [item.network] : []));
  const ranges = items.flatMap((item) => (item.network ? [] : [item.interval]));
  return finishTargets(mergeBlocks(networks.map((network) => ({ network, includeEdges: false })), ranges), options.maxHosts);
}

/** Drops blocks nested in others, cuts ranges into CIDR pieces not already covered by a block. */
export function mergeBlocks(blocks: readonly TargetBlock[], ranges: readonly AddressInterval[] = []): TargetBlock[] {
  const kept: TargetBlock[] = [];
  for (const block of [...blocks].sort((a, b) => a.network.prefix - b.network.prefix)) {
    if (!kept.some((k) => k.network.contains(block.network))) kept.push(block);
  }
  const pieces = mergeIntervals(ranges).flatMap((range) =>
    subtract(range, kept.map((k) => k.network)).flatMap((rest) =>
      rangeToNetworks(rest.family, rest.first, rest.last).map((network) => ({ network, includeEdges: true })),
    ),
  );
  return [...kept, ...pieces].sort((a, b) =>
    a.network.family !== b.network.family ? a.network.family - b.network.family : a.network.first < b.network.first ? -1 : 1,
  );
}

function subtract(range: AddressInterval, networks: readonly IpNetwork[]): AddressInterval[] {
  let rest: AddressInterval[] = [range];
  for (const n of networks) {
    if (n.family !== range.family) continue;
    rest = rest.flatMap((r) => {
      if (n.last < r.first || n.first > r.last) return [r];
      const out: AddressInterval[] = [];
      if (r.first < n.first) out.push({ family: r.family, first: r.first, last: n.first - 1n });
      if (r.last > n.last) out.push({ family: r.family, first: n.last + 1n, last: r.last });
      return out;
    });
  }
  return rest;
}

export function blockHostCount(block: TargetBlock): number {
  return Number(block.includeEdges ? block.network.size : block.network.hostCount);
}

export function finishTargets(blocks: TargetBlock[], maxHosts: number): ScanTargets {
  const hostCount = blocks.reduce((sum, block) => sum + blockHostCount(block), 0);
  if (hostCount > maxHosts) {
    throw new ScanTargetError('ip_range', `Too many hosts: ${hostCount} (maximum ${maxHosts}).`);
  }
  return { blocks, hostCount, cidrs: blocks.map((b) => b.network.toString()) };
}

/** Every address a block stands for, in order. */
export function blockAddresses(block: TargetBlock): string[] {
  return [...block.network.addresses(!block.includeEdges)];
}
