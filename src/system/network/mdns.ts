import { createSocket } from 'node:dgram';
import { delay } from './concurrency.js';
import { decodeRecords, encodeQuery } from './dns/dns-message.js';
import { readName } from './dns/dns-names.js';
import { TYPE_PTR } from './dns/dns-types.js';
import { reverseName } from './dns/reverse-name.js';
import { parseIpv4 } from './ip-address.js';

export const MDNS_GROUP = '224.0.0.251';
export const MDNS_PORT = 5353;

export interface MdnsLookupOptions {
  /** The server's IPv4 address on the interface attached to the target network: queries leave by it only. */
  interfaceAddress: string;
  /** How long answers are collected (§5.2: 1.5 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * §5.2 mDNS: a PTR query per address to 224.0.0.251:5353 from an ephemeral port (a one-shot "legacy"
 * query, answered by unicast); the first `.local` name each host gives is kept.
 */
export async function mdnsLookup(addresses: readonly string[], options: MdnsLookupOptions): Promise<Map<string, string>> {
  if (parseIpv4(options.interfaceAddress) === null) throw new TypeError('mDNS needs the IPv4 address of an interface');
  const wanted = new Map(addresses.filter((a) => parseIpv4(a) !== null).map((a) => [reverseName(a), a]));
  const names = new Map<string, string>();
  if (wanted.size === 0) return names;
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('error', () => {
    // a malformed or refused datagram does not end the lookup
  });
  socket.on('message', (message) => {
    const decoded = decodeRecords(message);
    for (const record of decoded?.answers ?? []) {
      const ip = wanted.get(record.name.toLowerCase());
      if (!ip || record.type !== TYPE_PTR || names.has(ip)) continue;
      const { name: target } = readName(record.data, record.dataOffset, 'text');
      if (target.toLowerCase().endsWith('.local')) names.set(ip, target);
    }
  });
  try {
    await new Promise<void>((resolve) => socket.bind(0, options.interfaceAddress, resolve));
    socket.setMulticastInterface(options.interfaceAddress);
    socket.setMulticastTTL(255);
    socket.setMulticastLoopback(false);
    for (const name of wanted.keys()) {
      await new Promise<void>((resolve) => socket.send(encodeQuery(0, name, TYPE_PTR), MDNS_PORT, MDNS_GROUP, () => resolve()));
    }
    await delay(options.timeoutMs ?? 1500, options.signal);
  } finally {
    socket.close();
  }
  return names;
}
