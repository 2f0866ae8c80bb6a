import type { NetworkInterfaceInfo } from 'node:os';
import type { NetworkInterfaceMetrics, NetworkMetrics } from './snapshot.js';
import { counterDelta, fields, perSecond } from './units.js';

export interface InterfaceCounters {
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDropped: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDropped: number;
}

/** Slowly changing /sys/class/net attributes of one interface. */
export interface InterfaceAttributes {
  isUp: boolean;
  isLoopback: boolean;
  mac: string | null;
  mtu: number;
  speedMbps: number | null;
}

export type InterfaceAddresses = NodeJS.Dict<NetworkInterfaceInfo[]>;

export function parseNetDev(text: string): Map<string, InterfaceCounters> {
  const counters = new Map<string, InterfaceCounters>();
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = fields(line.slice(colon + 1)).map((value) => Number(value) || 0);
    if (f.length < 12) continue;
    counters.set(name, {
      rxBytes: f[0], rxPackets: f[1], rxErrors: f[2], rxDropped: f[3],
      txBytes: f[8], txPackets: f[9], txErrors: f[10], txDropped: f[11],
    });
  }
  return counters;
}

const IFF_UP = 0x1;
const IFF_LOOPBACK = 0x8;

/** Builds attributes from the raw sysfs values (`flags` is hex; `speed` is -1 or unreadable when unknown). */
export function interfaceAttributes(
  name: string,
  raw: { flags: string | null; address: string | null; mtu: number | null; speed: number | null; operstate: string | null },
): InterfaceAttributes {
  const flags = raw.flags === null ? null : parseInt(raw.flags, 16);
  const isUp = flags === null || Number.isNaN(flags) ? raw.operstate === 'up' : (flags & IFF_UP) !== 0;
  const isLoopback = name === 'lo' || (flags !== null && (flags & IFF_LOOPBACK) !== 0);
  // An all-zero address (loopback, tunnels) is "no hardware address", reported as unknown.
  const mac = raw.address && /^[0-9a-f]{2}(:[0-9a-f]{2})+$/i.test(raw.address) && !/^[0:]+$/.test(raw.address) ? raw.address.toLowerCase() : null;
  return { isUp, isLoopback, mac, mtu: raw.mtu ?? 0, speedMbps: raw.speed !== null && raw.speed > 0 ? raw.speed : null };
}

export function addressesOf(name: string, addresses: InterfaceAddresses): string[] {
  return (addresses[name] ?? []).flatMap((address) => (address.cidr ? [address.cidr] : []));
}

const isIPv4 = (address: NetworkInterfaceInfo) => address.family === 'IPv4' || (address.family as unknown) === 4;

/** Interface of the default IPv4 route with the lowest metric, from /proc/net/route. */
export function defaultRouteInterface(routeTable: string): string | null {
  let best: { iface: string; metric: number } | null = null;
  for (const line of routeTable.split('\n').slice(1)) {
    const [iface, destination, , , , , metric, mask] = fields(line);
    if (destination !== '00000000' || mask !== '00000000') continue;
    const value = Number(metric) || 0;
    if (!best || value < best.metric) best = { iface, metric: value };
  }
  return best?.iface ?? null;
}

/** server_info.private_ip: the default-route interface's IPv4, else the first non-loopback IPv4, else "Unknown". */
export function privateIp(routeTable: string, addresses: InterfaceAddresses): string {
  const iface = defaultRouteInterface(routeTable);
  const onRoute = iface ? (addresses[iface] ?? []).find(isIPv4) : undefined;
  if (onRoute) return onRoute.address;
  for (const list of Object.values(addresses)) {
    const found = (list ?? []).find((address) => isIPv4(address) && !address.internal);
    if (found) return found.address;
  }
  return 'Unknown';
}

export function networkMetrics(
  current: Map<string, InterfaceCounters>,
  previous: Map<string, InterfaceCounters> | undefined,
  seconds: number,
  attributes: Map<string, InterfaceAttributes>,
  addresses: InterfaceAddresses,
): NetworkMetrics {
  let rxTotal = 0;
  let txTotal = 0;
  const interfaces: NetworkInterfaceMetrics[] = [...current.keys()].sort().map((name) => {
    const now = current.get(name) as InterfaceCounters;
    const before = previous?.get(name);
    const rate = (key: keyof InterfaceCounters) => perSecond(counterDelta(now[key], before?.[key]), seconds);
    const attrs = attributes.get(name) ?? interfaceAttributes(name, { flags: null, address: null, mtu: null, speed: null, operstate: null });
    const metrics: NetworkInterfaceMetrics = {
      name,
      is_up: attrs.isUp,
      mac: attrs.mac,
      mtu: attrs.mtu,
      speed_mbps: attrs.speedMbps,
      addresses: addressesOf(name, addresses),
      rx_bytes_per_sec: rate('rxBytes'),
      tx_bytes_per_sec: rate('txBytes'),
      rx_packets_per_sec: rate('rxPackets'),
      tx_packets_per_sec: rate('txPackets'),
      rx_bytes_total: now.rxBytes,
      tx_bytes_total: now.txBytes,
      rx_errors: now.rxErrors,
      tx_errors: now.txErrors,
      rx_dropped: now.rxDropped,
      tx_dropped: now.txDropped,
    };
    if (!attrs.isLoopback) {
      rxTotal += metrics.rx_bytes_per_sec;
      txTotal += metrics.tx_bytes_per_sec;
    }
    return metrics;
  });
  return { rx_bytes_per_sec: rxTotal, tx_bytes_per_sec: txTotal, interfaces };
}
