import type { InterfaceInfo } from './interfaces.js';
import { parseIp } from './ip-address.js';
import { mdnsLookup } from './mdns.js';
import { netbiosLookup } from './netbios.js';
import { reverseLookup } from './reverse-dns.js';

export type HostnameSource = 'rdns' | 'mdns' | 'netbios' | 'nmap';

export interface HostNames {
  rdns_name?: string;
  mdns_name?: string;
  netbios_name?: string;
  nmap_name?: string;
}

/** §5.2 order: reverse DNS, mDNS, NetBIOS, nmap. Null when no method found a name. */
export function pickHostname(names: HostNames): { hostname: string; source: HostnameSource } | null {
  const order: [keyof HostNames, HostnameSource][] = [['rdns_name', 'rdns'], ['mdns_name', 'mdns'], ['netbios_name', 'netbios'], ['nmap_name', 'nmap']];
  for (const [key, source] of order) {
    const name = names[key];
    if (name) return { hostname: name, source };
  }
  return null;
}

export interface LookupHostNamesOptions {
  hosts: readonly { ip: string; interfaceName: string | null }[];
  /** The server's interfaces: mDNS goes out only on the one attached to the host's network. */
  interfaces: readonly InterfaceInfo[];
  /** `DNS_SERVERS`; empty = the system resolver. */
  dnsServers?: readonly string[];
  signal?: AbortSignal;
  rdnsTimeoutMs?: number;
  mdnsTimeoutMs?: number;
  netbiosTimeoutMs?: number;
}

/** The name part of the `names` phase (§5.2) when `SCAN_RESOLVE_NAMES` is on: every method's answer per IP. */
export async function lookupHostNames(options: LookupHostNamesOptions): Promise<Map<string, HostNames>> {
  const { signal } = options;
  const result = new Map<string, HostNames>(options.hosts.map((h) => [h.ip, {}]));
  const set = (ip: string, key: keyof HostNames, name: string) => {
    result.get(ip)![key] = name;
  };

  const rdns = reverseLookup(options.hosts.map((h) => h.ip), { servers: options.dnsServers, timeoutMs: options.rdnsTimeoutMs, signal });
  const byInterface = new Map<string, string[]>();
  for (const host of options.hosts) {
    if (!host.interfaceName || parseIp(host.ip)?.family !== 4) continue;
    byInterface.set(host.interfaceName, [...(byInterface.get(host.interfaceName) ?? []), host.ip]);
  }
  const mdns = [...byInterface].map(async ([name, ips]) => {
    const iface = options.interfaces.find((i) => i.name === name && !i.is_loopback);
    const address = iface?.addresses.find((a) => a.family === 'inet')?.address;
    return address ? mdnsLookup(ips, { interfaceAddress: address, timeoutMs: options.mdnsTimeoutMs, signal }) : new Map<string, string>();
  });
  const [rdnsNames, ...mdnsNames] = await Promise.all([rdns, ...mdns]);
  for (const [ip, name] of rdnsNames) set(ip, 'rdns_name', name);
  for (const map of mdnsNames) for (const [ip, name] of map) set(ip, 'mdns_name', name);

  const unnamed = [...result].filter(([, names]) => !names.rdns_name && !names.mdns_name).map(([ip]) => ip);
  const netbiosNames = await netbiosLookup(unnamed, { timeoutMs: options.netbiosTimeoutMs, signal });
  for (const [ip, name] of netbiosNames) set(ip, 'netbios_name', name);
  return result;
}
