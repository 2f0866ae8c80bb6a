import { isIPv6 } from 'node:net';
import { reverseLookup } from '../../system/network/reverse-dns.js';
import { formatIp, parseIp } from '../../system/network/ip-address.js';
import type { BuiltinPlan, ToolContext } from './types.js';
import type { Target } from './validation.js';

/**
 * PTR names of addresses, for the names a child tool would otherwise look up itself (traceroute hops, nmap
 * hosts). Addresses without a name are left out.
 */
export type ReverseNames = (addresses: readonly string[], signal?: AbortSignal) => Promise<Map<string, string>>;

const serverSpec = (server: string, port: number) => (isIPv6(server) ? `[${server}]:${port}` : `${server}:${port}`);

/** Through `DNS_SERVERS` on `port` when set, else the servers of the system resolver; 2 s per lookup. */
export function reverseNamesVia(dnsServers: readonly string[], port: number): ReverseNames {
  const servers = dnsServers.map((server) => serverSpec(server, port));
  return (addresses, signal) => reverseLookup(addresses, { servers, timeoutMs: 2000, signal });
}

/**
 * What a child tool receives as its host: a literal as given, a name resolved by the server first, so the
 * child never asks a resolver itself (tools.md §4). Undefined when the name does not resolve.
 */
export async function hostAddress(target: Target, ctx: ToolContext): Promise<string | undefined> {
  if (target.kind !== 'hostname') return target.value;
  const [first] = await ctx.resolveHost(target.value, ctx.dnsServers, ctx.dnsPort);
  return first;
}

/** The run of a tool whose host name did not resolve: the program's own words, nothing spawned. */
export function unresolvedPlan(program: string, name: string): BuiltinPlan {
  return {
    kind: 'builtin',
    description: `${program} ${name}`,
    run: async () => ({ output: `${program}: ${name}: Name or service not known`, status: 'error' }),
  };
}

/** `-4` / `-6` for an address literal. */
export const familyFlag = (address: string): string[] => (isIPv6(address) ? ['-6'] : ['-4']);

/** The address text of a token when it is one (`10.0.0.1`, `fe80::1`), normalised; else undefined. */
export function addressToken(token: string): string | undefined {
  const address = parseIp(token);
  return address ? formatIp(address) : undefined;
}
