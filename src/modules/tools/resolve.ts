import { lookup, Resolver } from 'node:dns/promises';
import { isIPv6 } from 'node:net';

/**
 * Addresses of a host name, IPv4 first. Through `dnsServers` (on `port`) when any are given, else
 * through the system resolver (tools.md §4). An empty list means the name does not resolve.
 */
export type HostResolver = (host: string, dnsServers: readonly string[], port: number) => Promise<string[]>;

const serverSpec = (server: string, port: number) => (isIPv6(server) ? `[${server}]:${port}` : `${server}:${port}`);

export const resolveHost: HostResolver = async (host, dnsServers, port) => {
  if (dnsServers.length === 0) {
    try {
      const found = await lookup(host, { all: true, order: 'ipv4first' });
      return found.map((entry) => entry.address);
    } catch {
      return [];
    }
  }
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers(dnsServers.map((server) => serverSpec(server, port)));
  const settle = (p: Promise<string[]>) => p.catch(() => [] as string[]);
  const [v4, v6] = await Promise.all([settle(resolver.resolve4(host)), settle(resolver.resolve6(host))]);
  return [...v4, ...v6];
};
