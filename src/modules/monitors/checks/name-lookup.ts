import { lookup as systemLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { resolveHost } from '../../tools/resolve.js';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const notFound = (host: string) => Object.assign(new Error(`Host not found: ${host}`), { code: 'ENOTFOUND' });

/** A `net.connect` lookup that resolves through DNS_SERVERS when set (the tools' rule), else the system's. */
export function lookupVia(dnsServers: readonly string[]) {
  if (!dnsServers.length) return systemLookup;
  return (host: string, options: { all?: boolean }, callback: LookupCallback) => {
    resolveHost(host, dnsServers, 53).then((addresses) => {
      if (!addresses.length) return callback(notFound(host), '', 0);
      if (options.all) return callback(null, addresses.map((address) => ({ address, family: isIP(address) })));
      return callback(null, addresses[0], isIP(addresses[0]));
    }, (error: Error) => callback(error as NodeJS.ErrnoException, '', 0));
  };
}

/** The first address of a target (itself when it is one), or null. */
export async function addressOf(host: string, dnsServers: readonly string[]): Promise<string | null> {
  if (isIP(host)) return host;
  if (dnsServers.length) return (await resolveHost(host, dnsServers, 53))[0] ?? null;
  return new Promise((resolve) => systemLookup(host, (error, address) => resolve(error ? null : address)));
}
