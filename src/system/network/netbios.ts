import { createSocket } from 'node:dgram';
import { delay } from './concurrency.js';
import { decodeRecords, encodeQuery } from './dns/dns-message.js';
import { TYPE_NBSTAT } from './dns/dns-types.js';
import { parseIpv4 } from './ip-address.js';

const NETBIOS_PORT = 137;
const GROUP_FLAG = 0x8000;

/** The wildcard name `*` in NetBIOS first-level encoding (RFC 1002 §4.1). */
function encodedWildcard(): Buffer {
  const raw = Buffer.alloc(16, 0);
  raw[0] = 0x2a;
  const encoded = Buffer.alloc(32);
  raw.forEach((byte, i) => {
    encoded[i * 2] = 0x41 + (byte >> 4);
    encoded[i * 2 + 1] = 0x41 + (byte & 0x0f);
  });
  return Buffer.concat([Buffer.from([32]), encoded, Buffer.from([0])]);
}

export interface NetbiosName {
  name: string;
  suffix: number;
  group: boolean;
}

/** The name table of a node-status response. */
export function parseNodeStatus(message: Buffer): NetbiosName[] {
  const record = decodeRecords(message)?.answers.find((a) => a.type === TYPE_NBSTAT);
  if (!record) return [];
  const { data, dataOffset } = record;
  const count = data[dataOffset] ?? 0;
  const names: NetbiosName[] = [];
  for (let i = 0; i < count; i++) {
    const at = dataOffset + 1 + i * 18;
    if (at + 18 > data.length) break;
    names.push({
      name: data.subarray(at, at + 15).toString('latin1').trimEnd(),
      suffix: data[at + 15],
      group: (data.readUInt16BE(at + 16) & GROUP_FLAG) !== 0,
    });
  }
  return names;
}

export interface NetbiosLookupOptions {
  /** §5.2: 1 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** §5.2 NetBIOS: a node-status query to UDP 137 of each address; the first unique name with suffix 0x00. */
export async function netbiosLookup(addresses: readonly string[], options: NetbiosLookupOptions = {}): Promise<Map<string, string>> {
  const targets = new Set(addresses.filter((a) => parseIpv4(a) !== null));
  const names = new Map<string, string>();
  if (targets.size === 0) return names;
  const socket = createSocket('udp4');
  socket.on('error', () => {
    // ICMP port unreachable from hosts without NetBIOS
  });
  socket.on('message', (message, remote) => {
    if (!targets.has(remote.address) || names.has(remote.address)) return;
    const name = parseNodeStatus(message).find((n) => n.suffix === 0x00 && !n.group);
    if (name?.name) names.set(remote.address, name.name);
  });
  try {
    const query = encodeQuery(0x4e42, encodedWildcard(), TYPE_NBSTAT);
    for (const address of targets) {
      await new Promise<void>((resolve) => socket.send(query, NETBIOS_PORT, address, () => resolve()));
    }
    await delay(options.timeoutMs ?? 1000, options.signal);
  } finally {
    socket.close();
  }
  return names;
}
