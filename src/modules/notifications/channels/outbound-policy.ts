import { isIP } from 'node:net';
import { formatIpv4, parseIp } from '../../../system/network/ip-address.js';
import { IpNetwork } from '../../../system/network/ip-network.js';
import { resolveHost } from '../../tools/resolve.js';

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

/** Networks given as addresses or CIDRs (texts that are neither are left out: the config schema refuses them). */
class NetworkList {
  private readonly networks: IpNetwork[];

  constructor(texts: readonly string[]) {
    this.networks = texts.map((t) => IpNetwork.parse(t)).filter((n): n is IpNetwork => n !== null);
  }

  contains(address: string): boolean {
    const ip = parseIp(address);
    return ip !== null && this.networks.some((n) => n.containsAddress(ip));
  }
}

export class OutboundPolicy {
  private readonly refusedByDefault = new NetworkList(REFUSED_BY_DEFAULT);
  private readonly allowed: NetworkList;
  private readonly denied: NetworkList;

  constructor(private readonly opts: OutboundPolicyOptions) {
    this.allowed = new NetworkList(opts.allowed);
    this.denied = new NetworkList(opts.denied);
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
  const ip = parseIp(address);
  const mapped = ip?.family === 6 && ip.value >> 32n === 0xffffn;
  return mapped ? formatIpv4(ip.value & 0xffffffffn) : address;
}
