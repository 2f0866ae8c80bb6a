import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { join } from 'node:path';

export type InterfaceType = 'ether' | 'loopback' | 'wireless' | 'bridge' | 'vlan' | 'virtual' | 'other';

export interface InterfaceAddress {
  family: 'inet' | 'inet6';
  address: string;
  prefix_length: number;
  /** `address/prefix_length`, as `ip addr` and Node print it. */
  cidr: string;
  scope: 'global' | 'link' | 'host';
}

/** One entry of `GET network/interfaces/` (scanner.md §8), in its wire spelling. */
export interface InterfaceInfo {
  name: string;
  index: number;
  is_up: boolean;
  is_loopback: boolean;
  type: InterfaceType;
  mac: string | null;
  mtu: number;
  speed_mbps: number | null;
  addresses: InterfaceAddress[];
  rx_bytes: number;
  tx_bytes: number;
  rx_packets: number;
  tx_packets: number;
  rx_errors: number;
  tx_errors: number;
  rx_dropped: number;
  tx_dropped: number;
  is_default: boolean;
}

export interface ReadInterfacesOptions {
  sysClassNet?: string;
  /** Addresses per interface name; defaults to `os.networkInterfaces()`. */
  addresses?: NodeJS.Dict<NetworkInterfaceInfo[]>;
  /** Name of the interface holding the IPv4 default route. */
  defaultInterface?: string | null;
}

const IFF_UP = 0x1;
const ARPHRD_ETHER = 1;
const ARPHRD_LOOPBACK = 772;
const COUNTERS = ['rx_bytes', 'tx_bytes', 'rx_packets', 'tx_packets', 'rx_errors', 'tx_errors', 'rx_dropped', 'tx_dropped'] as const;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function readInt(path: string): number | null {
  const text = readText(path);
  if (text === null || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function interfaceType(dir: string, arpType: number | null): InterfaceType {
  if (arpType === ARPHRD_LOOPBACK) return 'loopback';
  if (existsSync(join(dir, 'bridge'))) return 'bridge';
  if (existsSync(join(dir, 'wireless')) || existsSync(join(dir, 'phy80211'))) return 'wireless';
  if (/^DEVTYPE=vlan$/m.test(readText(join(dir, 'uevent')) ?? '')) return 'vlan';
  let real = '';
  try {
    real = realpathSync(dir);
  } catch {
    // keep empty
  }
  if (real.includes('/devices/virtual/')) return 'virtual';
  return arpType === ARPHRD_ETHER ? 'ether' : 'other';
}

function addressScope(family: 'inet' | 'inet6', address: string): InterfaceAddress['scope'] {
  if (family === 'inet') {
    if (address.startsWith('127.')) return 'host';
    return address.startsWith('169.254.') ? 'link' : 'global';
  }
  if (address === '::1') return 'host';
  return /^fe[89ab]/i.test(address) ? 'link' : 'global';
}

function toAddress(info: NetworkInterfaceInfo): InterfaceAddress | null {
  const family = info.family === 'IPv4' ? 'inet' : info.family === 'IPv6' ? 'inet6' : null;
  const prefix = info.cidr ? Number(info.cidr.split('/')[1]) : NaN;
  if (!family || !Number.isInteger(prefix)) return null;
  return { family, address: info.address, prefix_length: prefix, cidr: `${info.address}/${prefix}`, scope: addressScope(family, info.address) };
}

/** Interfaces of the current network namespace from `/sys/class/net` and the OS address list; no child process. */
export function readInterfaces(options: ReadInterfacesOptions = {}): InterfaceInfo[] {
  const root = options.sysClassNet ?? '/sys/class/net';
  const addressMap = options.addresses ?? networkInterfaces();
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    names = Object.keys(addressMap);
  }
  return names
    .map((name): InterfaceInfo => {
      const dir = join(root, name);
      const arpType = readInt(join(dir, 'type'));
      const flags = parseInt(readText(join(dir, 'flags')) ?? '0', 16);
      const operstate = readText(join(dir, 'operstate')) ?? 'unknown';
      const type = interfaceType(dir, arpType);
      const mac = readText(join(dir, 'address'))?.toLowerCase() ?? null;
      const speed = readInt(join(dir, 'speed'));
      const counters = Object.fromEntries(
        COUNTERS.map((c) => [c, readInt(join(dir, 'statistics', c)) ?? 0]),
      ) as Record<(typeof COUNTERS)[number], number>;
      return {
        name,
        index: readInt(join(dir, 'ifindex')) ?? 0,
        is_up: (flags & IFF_UP) !== 0 && (operstate === 'up' || operstate === 'unknown'),
        is_loopback: type === 'loopback',
        type,
        mac: mac && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac) && mac !== '00:00:00:00:00:00' ? mac : null,
        mtu: readInt(join(dir, 'mtu')) ?? 0,
        speed_mbps: speed !== null && speed > 0 ? speed : null,
        addresses: (addressMap[name] ?? []).flatMap((info) => toAddress(info) ?? []),
        ...counters,
        is_default: options.defaultInterface === name,
      };
    })
    .sort((a, b) => a.index - b.index);
}
