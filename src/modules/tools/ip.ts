import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces } from 'node:os';
import { formatIpv6Bytes } from '../../system/network/ip-address.js';

/** RFC 5952 text of a 16-byte IPv6 address (one implementation, shared with the scanner). */
export const formatIPv6 = (bytes: Uint8Array): string => formatIpv6Bytes(bytes);

/** The 16 bytes of an IPv6 address given in any valid text form (embedded IPv4 included). */
export function ipv6Bytes(address: string): Buffer {
  let text = address;
  const v4 = text.match(/^(.*:)(\d+\.\d+\.\d+\.\d+)$/);
  if (v4) {
    const [a, b, c, d] = v4[2].split('.').map(Number);
    text = `${v4[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const bytes = Buffer.alloc(16);
  [...left, ...zeros, ...right].forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

/** The name of a PTR lookup: `1.0.0.127.in-addr.arpa` or the nibble form under `ip6.arpa`. */
export function reverseName(address: string): string {
  if (isIPv4(address)) return `${address.split('.').reverse().join('.')}.in-addr.arpa`;
  const nibbles = ipv6Bytes(address).toString('hex').split('');
  return `${nibbles.reverse().join('.')}.ip6.arpa`;
}

/** Every address of `network/prefix`; the caller keeps networks small (≤ 256 addresses). */
export function networkAddresses(address: string, prefix: number): string[] {
  const v6 = isIPv6(address);
  const bits = v6 ? 128 : 32;
  const base = v6 ? BigInt(`0x${ipv6Bytes(address).toString('hex')}`) : BigInt(address.split('.').reduce((n, o) => n * 256 + Number(o), 0));
  const size = 1n << BigInt(bits - prefix);
  const start = (base / size) * size;
  const result: string[] = [];
  for (let n = start; n < start + size; n++) {
    if (v6) {
      result.push(formatIPv6(Buffer.from(n.toString(16).padStart(32, '0'), 'hex')));
    } else {
      const value = Number(n);
      result.push([24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.'));
    }
  }
  return result;
}

/** The defaults of scanner.md §2.2: private, CGNAT, link-local and loopback ranges plus the host's networks. */
export function defaultAllowedNetworks(): string[] {
  const fixed = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8', 'fc00::/7', 'fe80::/10', '::1/128'];
  const own = Object.values(networkInterfaces())
    .flat()
    .flatMap((info) => (info?.cidr ? [info.cidr] : []));
  return [...fixed, ...own];
}

/** Membership test for a list of addresses and CIDRs (`SCAN_ALLOWED_NETWORKS`). */
export class NetworkSet {
  private readonly list = new BlockList();

  constructor(networks: readonly string[]) {
    for (const item of networks) {
      const [address, prefixText] = item.split('/');
      const type = isIPv6(address) ? 'ipv6' : 'ipv4';
      if (!isIPv4(address) && !isIPv6(address)) continue;
      const prefix = prefixText === undefined ? (type === 'ipv6' ? 128 : 32) : Number(prefixText);
      this.list.addSubnet(address, prefix, type);
    }
  }

  contains(address: string): boolean {
    return this.list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
  }
}
