import { parseIp } from './ip-address.js';
import { intervalCovered, IpNetwork } from './ip-network.js';

export const DEFAULT_ALLOWED_NETWORKS: readonly string[] = [
  '10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8',
  'fc00::/7', 'fe80::/10', '::1/128',
];

/** The allowed networks: the configured list, else the private/loopback/link-local defaults plus own networks. */
export function allowedNetworks(configured: readonly string[] | null | undefined, ownNetworks: readonly string[]): IpNetwork[] {
  const texts = configured && configured.length > 0 ? configured : [...DEFAULT_ALLOWED_NETWORKS, ...ownNetworks];
  return texts.map((text) => {
    const network = IpNetwork.parse(text);
    if (!network) throw new RangeError(`Not an IP address or CIDR: ${text}`);
    return network;
  });
}

/**
 * The one answer to "may the server scan or probe this?" (scanner.md §2.2), shared by scans and the tools.
 * The host's own networks are read on every question, so an interface that comes up later counts at once.
 */
export class AllowedNetworkSet {
  private readonly configured: IpNetwork[] | null;

  constructor(configured: readonly string[] | null | undefined, private readonly ownNetworks: () => readonly string[]) {
    this.configured = configured && configured.length > 0 ? allowedNetworks(configured, []) : null;
  }

  /** `SCAN_ALLOWED_NETWORKS` as networks; null when unset (the defaults apply). */
  configuredNetworks(): IpNetwork[] | null {
    return this.configured;
  }

  networks(): IpNetwork[] {
    return this.configured ?? allowedNetworks(null, this.ownNetworks());
  }

  /** True when every address of `target` (an address text or a network) lies inside the allowed networks. */
  contains(target: string | IpNetwork): boolean {
    const network = typeof target === 'string' ? addressNetwork(target) : target;
    if (!network) return false;
    const cover = this.networks().map((n) => ({ family: n.family, first: n.first, last: n.last }));
    return intervalCovered({ family: network.family, first: network.first, last: network.last }, cover);
  }
}

function addressNetwork(text: string): IpNetwork | null {
  const address = parseIp(text);
  return address ? IpNetwork.fromAddress(address) : null;
}
