import { isIP, isIPv4 } from 'node:net';
import { ipv6Bytes, NetworkSet } from '../modules/tools/ip.js';
import { resolveHost } from '../modules/tools/resolve.js';

/**
 * Where outgoing notifications may go (docs/configuration.md, "Outbound address policy"). Link-local and
 * unspecified addresses are refused unless NOTIFY_ALLOWED_NETWORKS lists them; everything else (loopback and
 * private ranges included: self-hosted receivers live there) is allowed unless NOTIFY_DENIED_NETWORKS lists it.
 * Denied wins over allowed.
 */
const REFUSED_BY_DEFAULT = ['169.254.0.0/16', 'fe80::/10', '0.0.0.0/32', '::/128'];

/** Addresses of a host name; an empty list when it does not resolve. */
export type AddressResolver = (host: string) => Promise<string[]>;

export type OutboundTarget = { ok: true; addresses: string[] } | { ok: false; reason: 'refused' | 'unresolved' };

export interface OutboundPolicyOptions {
  allowed: readonly string[];
  denied: readonly string[];
  resolve: AddressResolver;
}

export class OutboundPolicy {
  private readonly refusedByDefault = new NetworkSet(REFUSED_BY_DEFAULT);
  private readonly allowed: NetworkSet;
  private readonly denied: NetworkSet;

  constructor(private readonly opts: OutboundPolicyOptions) {
    this.allowed = new NetworkSet(opts.allowed);
    this.denied = new NetworkSet(opts.denied);
  }

  permits(address: string): boolean {
    const ip = unmapped(address);
    if (this.denied.contains(ip)) return false;
    return !this.refusedByDefault.contains(ip) || this.allowed.contains(ip);
  }

  /**
   * The addresses to connect to for `host` (a URL's hostname, IPv6 in brackets or not). Every address a name
   * resolves to must be permitted: the caller then connects to one of these, never resolving again, so a DNS
   * answer that changes between this check and the connection cannot reach a refused address.
   */
  async check(host: string): Promise<OutboundTarget> {
    const bare = host.replace(/^\[(.*)\]$/, '$1');
    const addresses = isIP(bare) ? [bare] : await this.opts.resolve(bare);
    if (addresses.length === 0) return { ok: false, reason: 'unresolved' };
    if (!addresses.every((a) => this.permits(a))) return { ok: false, reason: 'refused' };
    return { ok: true, addresses };
  }
}

/** The policy of the configuration, resolving names through DNS_SERVERS when set (else the system resolver). */
export function outboundPolicyFor(config: { notify: { allowedNetworks: string[]; deniedNetworks: string[] }; dnsServers: string[] | null }): OutboundPolicy {
  return new OutboundPolicy({
    allowed: config.notify.allowedNetworks,
    denied: config.notify.deniedNetworks,
    resolve: (host) => resolveHost(host, config.dnsServers ?? [], 53),
  });
}

/** `::ffff:169.254.169.254` (or its hex form) is the IPv4 address it carries; a connection to it reaches that host. */
function unmapped(address: string): string {
  if (isIPv4(address)) return address;
  const bytes = ipv6Bytes(address);
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? [...bytes.subarray(12)].join('.') : address;
}
