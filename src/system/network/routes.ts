import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatIpv4, formatIpv6 } from './ip-address.js';

export interface RouteEntry {
  family: 'inet' | 'inet6';
  destination: string;
  gateway: string | null;
  interface: string;
  metric: number | null;
}

export interface GatewayInfo {
  address: string;
  interface: string;
}

export interface DefaultGateways {
  ipv4: GatewayInfo | null;
  ipv6: GatewayInfo | null;
}

const RTF_UP = 0x0001;
const RTF_REJECT = 0x0200;
const RTF_LOCAL = 0x80000000;

/** `/proc/net/route` stores addresses as host-order (little-endian) hex words. */
function littleEndianHex(hex: string): bigint {
  const value = parseInt(hex, 16) >>> 0;
  const swapped = ((value & 0xff) << 24) | ((value & 0xff00) << 8) | ((value >>> 8) & 0xff00) | (value >>> 24);
  return BigInt(swapped >>> 0);
}

function prefixFromMask(mask: bigint): number {
  let bits = 0;
  for (let m = mask; m > 0n; m <<= 1n, m &= 0xffffffffn) bits++;
  return bits;
}

export function parseIpv4Routes(text: string): RouteEntry[] {
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 8)
    .flatMap(([iface, destination, gateway, flagsHex, , , metric, mask]) => {
      const flags = parseInt(flagsHex, 16);
      if (!(flags & RTF_UP) || flags & RTF_REJECT) return [];
      const gatewayValue = littleEndianHex(gateway);
      return [{
        family: 'inet' as const,
        destination: `${formatIpv4(littleEndianHex(destination))}/${prefixFromMask(littleEndianHex(mask))}`,
        gateway: gatewayValue === 0n ? null : formatIpv4(gatewayValue),
        interface: iface,
        metric: Number.parseInt(metric, 10),
      }];
    });
}

/** `/proc/net/ipv6_route`: local and reject (unreachable) entries are not routes a user configured. */
export function parseIpv6Routes(text: string): RouteEntry[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 10)
    .flatMap(([destination, prefix, , , nextHop, metric, , , flagsHex, iface]) => {
      const flags = parseInt(flagsHex, 16) >>> 0;
      if (!(flags & RTF_UP) || flags & RTF_REJECT || (flags & RTF_LOCAL) >>> 0) return [];
      const gatewayValue = BigInt(`0x${nextHop}`);
      return [{
        family: 'inet6' as const,
        destination: `${formatIpv6(BigInt(`0x${destination}`))}/${parseInt(prefix, 16)}`,
        gateway: gatewayValue === 0n ? null : formatIpv6(gatewayValue),
        interface: iface,
        metric: parseInt(metric, 16) >>> 0,
      }];
    });
}

async function readOptional(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** IPv4 and IPv6 routes of the current network namespace; no child process. */
export async function readRoutes(procRoot = '/proc'): Promise<RouteEntry[]> {
  const [v4, v6] = await Promise.all([
    readOptional(join(procRoot, 'net/route')),
    readOptional(join(procRoot, 'net/ipv6_route')),
  ]);
  return [...parseIpv4Routes(v4), ...parseIpv6Routes(v6)];
}

/** The default route with a gateway and the lowest metric, per family. */
export function defaultGateways(routes: readonly RouteEntry[]): DefaultGateways {
  const pick = (family: RouteEntry['family']): GatewayInfo | null => {
    const candidates = routes
      .filter((r) => r.family === family && r.gateway !== null && r.destination.endsWith('/0'))
      .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
    const best = candidates[0];
    return best?.gateway ? { address: best.gateway, interface: best.interface } : null;
  };
  return { ipv4: pick('inet'), ipv6: pick('inet6') };
}
