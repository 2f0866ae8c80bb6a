import { intervalCovered, IpNetwork, mergeIntervals, type AddressInterval } from '../system/network/ip-network.js';
import { readInterfaces, type InterfaceInfo } from '../system/network/interfaces.js';

function parse(cidrs: readonly string[]): IpNetwork[] {
  return cidrs.map((c) => IpNetwork.parse(c)).filter((n): n is IpNetwork => n !== null);
}

/** Whether the union of `networks` contains every target (a /23 may be covered by two /24s). */
export function reachesAll(networks: readonly string[], targets: readonly string[]): boolean {
  const cover = parse(networks);
  const wanted = parse(targets);
  return wanted.length === targets.length && wanted.every((t) => intervalCovered(t, cover));
}

/** `reachesAll` for one address at a time against the same networks, parsed and merged once (monitor checks). */
export class NetworkCover {
  private readonly cover: AddressInterval[];

  constructor(networks: readonly string[]) {
    this.cover = mergeIntervals(parse(networks));
  }

  reaches(address: string): boolean {
    const t = IpNetwork.parse(address);
    return t !== null && this.cover.some((c) => c.family === t.family && c.first <= t.first && c.last >= t.last);
  }
}

/**
 * WORKER_NETWORKS by default (config.md §7): the networks of the worker host's own addresses, loopback and
 * link-local ones left out.
 */
export function interfaceNetworks(interfaces: readonly InterfaceInfo[] = readInterfaces()): string[] {
  const networks = interfaces
    .filter((i) => i.is_up && !i.is_loopback)
    .flatMap((i) => i.addresses.filter((a) => a.scope === 'global'))
    .map((a) => IpNetwork.parse(`${a.address}/${a.prefix_length}`)?.toString())
    .filter((n): n is string => n !== undefined);
  return [...new Set(networks)];
}

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

/**
 * What this host reaches itself, with no worker: loopback and the networks of its own addresses. A monitor whose
 * target lies there is checked where it is scheduled, whatever a worker announces (a worker on the same host
 * announces the same networks by default).
 */
export function hostNetworks(interfaces?: readonly InterfaceInfo[]): string[] {
  return [...LOOPBACK, ...interfaceNetworks(interfaces)];
}
