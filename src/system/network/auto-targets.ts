import { parseIp } from './ip-address.js';
import { IpNetwork } from './ip-network.js';
import { finishTargets, mergeBlocks, NO_SUBNETS_MESSAGE, ScanTargetError, type ScanTargets, type TargetBlock } from './targets.js';

/** The part of an interface that automatic targets need (the §8 interface shape satisfies it). */
export interface InterfaceAddressesLike {
  name: string;
  is_up: boolean;
  is_loopback: boolean;
  addresses: readonly { family: 'inet' | 'inet6'; address: string; prefix_length: number }[];
}

export interface AutomaticTargetOptions {
  interfaces: readonly InterfaceAddressesLike[];
  /** `SCAN_EXCLUDE_INTERFACES` patterns, `*` is a wildcard. */
  excludeInterfaces: readonly string[];
  /** `SCAN_ALLOWED_NETWORKS` when set; null/empty = unset (no intersection). */
  configuredAllowed: readonly IpNetwork[] | null;
  maxHosts: number;
}

export const DEFAULT_EXCLUDE_INTERFACES: readonly string[] = [
  'docker*', 'br-*', 'veth*', 'virbr*', 'vnet*', 'tun*', 'tap*', 'wg*', 'zt*',
];

const LOOPBACK = IpNetwork.parse('127.0.0.0/8')!;
const LINK_LOCAL = IpNetwork.parse('169.254.0.0/16')!;

export function matchesInterfacePattern(name: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return regex.test(name);
  });
}

/** Largest prefix length whose host count (as §2.2 counts it) fits in maxHosts. */
export function smallestFittingPrefix(maxHosts: number): number {
  for (let prefix = 0; prefix <= 32; prefix++) {
    const size = 2 ** (32 - prefix);
    const hosts = prefix <= 30 ? size - 2 : size;
    if (hosts <= maxHosts) return prefix;
  }
  return 32;
}

/** §2.2: shrinks a network to the largest block that fits, around `address` when inside, else at the start. */
export function narrowToMaxHosts(network: IpNetwork, address: bigint, maxHosts: number): IpNetwork {
  if (Number(network.hostCount) <= maxHosts) return network;
  const prefix = Math.max(network.prefix, smallestFittingPrefix(maxHosts));
  const inside = address >= network.first && address <= network.last;
  return new IpNetwork(4, inside ? address : network.first, prefix);
}

/** §2.2 automatic targets from the host's interfaces. Throws ScanTargetError(null, …) when none is left. */
export function automaticTargets(options: AutomaticTargetOptions): ScanTargets {
  const blocks: TargetBlock[] = [];
  const allowed = options.configuredAllowed && options.configuredAllowed.length > 0 ? options.configuredAllowed : null;
  for (const iface of options.interfaces) {
    if (!iface.is_up || iface.is_loopback || matchesInterfacePattern(iface.name, options.excludeInterfaces)) continue;
    for (const entry of iface.addresses) {
      const address = entry.family === 'inet' ? parseIp(entry.address) : null;
      if (!address || address.family !== 4) continue;
      if (LOOPBACK.containsAddress(address) || LINK_LOCAL.containsAddress(address)) continue;
      const own = IpNetwork.fromAddress(address, entry.prefix_length);
      const candidates = allowed ? allowed.flatMap((a) => own.intersect(a) ?? []) : [own];
      for (const candidate of candidates) {
        const network = narrowToMaxHosts(candidate, address.value, options.maxHosts);
        blocks.push({ network, includeEdges: false, interfaceName: iface.name });
      }
    }
  }
  const merged = mergeBlocks(blocks);
  if (merged.length === 0) throw new ScanTargetError(null, NO_SUBNETS_MESSAGE);
  return finishTargets(merged, options.maxHosts);
}
