import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import { randomInt } from 'node:crypto';

/** A tiny authoritative DNS server on loopback, UDP and TCP on one port, for tests only. */
export interface ZoneRecord {
  type: number;
  ttl: number;
  data: Buffer;
}

export const T = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, CAA: 257 };

export function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

export const rdata = {
  a: (ip: string) => Buffer.from(ip.split('.').map(Number)),
  aaaa: (hex32: string) => Buffer.from(hex32, 'hex'),
  name: (name: string) => encodeName(name),
  mx: (pref: number, name: string) => Buffer.concat([u16(pref), encodeName(name)]),
  txt: (...texts: string[]) => Buffer.concat(texts.map((t) => Buffer.concat([Buffer.from([t.length]), Buffer.from(t, 'latin1')]))),
  srv: (prio: number, weight: number, port: number, name: string) => Buffer.concat([u16(prio), u16(weight), u16(port), encodeName(name)]),
  soa: (mname: string, rname: string, serial: number) =>
    Buffer.concat([encodeName(mname), encodeName(rname), u32(serial), u32(7200), u32(3600), u32(1209600), u32(300)]),
  caa: (flags: number, tag: string, value: string) => Buffer.concat([Buffer.from([flags, tag.length]), Buffer.from(tag), Buffer.from(value)]),
};

export interface DnsResponder {
  address: string;
  port: number;
  /** Questions received, as `name TYPE-number protocol`. */
  log: string[];
  close(): Promise<void>;
}

function answer(query: Buffer, zone: Map<string, ZoneRecord[]>, maxSize: number): Buffer {
  const id = query.readUInt16BE(0);
  let end = 12;
  while (query[end] !== 0) end += query[end] + 1;
  const qname = query.subarray(12, end + 1);
  const qtype = query.readUInt16BE(end + 1);
  const name = decodeLabels(qname).toLowerCase();
  const records = zone.get(name);
  const matching = (records ?? []).filter((r) => r.type === qtype || qtype === 255 || r.type === T.CNAME);
  const rcode = records ? 0 : 3;
  const authority = records ? [] : (zone.get('@soa') ?? []);
  const rr = (r: ZoneRecord, owner: Buffer) => Buffer.concat([owner, u16(r.type), u16(1), u32(r.ttl), u16(r.data.length), r.data]);
  const question = query.subarray(12, end + 5);
  const body = [...matching.map((r) => rr(r, Buffer.from([0xc0, 12]))), ...authority.map((r) => rr(r, encodeName('test')))];
  const header = Buffer.concat([u16(id), u16(0x8580 | rcode), u16(1), u16(matching.length), u16(authority.length), u16(0)]);
  const full = Buffer.concat([header, question, ...body]);
  if (full.length <= maxSize) return full;
  // Too big for UDP: header and question only, TC set, so the client retries over TCP.
  return Buffer.concat([u16(id), u16(0x8780 | rcode), u16(1), u16(0), u16(0), u16(0), question]);
}

function decodeLabels(wire: Buffer): string {
  const labels: string[] = [];
  for (let i = 0; wire[i] !== 0; i += wire[i] + 1) labels.push(wire.subarray(i + 1, i + 1 + wire[i]).toString('latin1'));
  return labels.join('.');
}

/**
 * Starts the responder. As root it binds port 53 on a random 127.x.y.z (so nmap's `--dns-servers`,
 * which has no port, can use it too); otherwise an ephemeral port on 127.0.0.1.
 */
export async function startDnsResponder(zone: Map<string, ZoneRecord[]>): Promise<DnsResponder> {
  const root = process.getuid?.() === 0;
  const log: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const address = root ? `127.${randomInt(100, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}` : '127.0.0.1';
    const udp = createSocket('udp4');
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(root ? 53 : 0, address, () => resolve());
      });
      const port = udp.address().port;
      const tcp = createServer((conn) => {
        let buf = Buffer.alloc(0);
        conn.on('data', (chunk) => {
          buf = Buffer.concat([buf, chunk]);
          if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
            const query = buf.subarray(2, 2 + buf.readUInt16BE(0));
            log.push(`${decodeLabels(query.subarray(12))} ${query.readUInt16BE(query.length - 4)} TCP`);
            const reply = answer(query, zone, 65535);
            conn.end(Buffer.concat([u16(reply.length), reply]));
          }
        });
        conn.on('error', () => undefined);
      });
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, address, () => resolve());
      });
      udp.on('message', (query: Buffer, peer) => {
        log.push(`${decodeLabels(query.subarray(12))} ${query.readUInt16BE(query.length - 4)} UDP`);
        udp.send(answer(query, zone, 512), peer.port, peer.address);
      });
      return { address, port, log, close: () => closeBoth(udp, tcp) };
    } catch {
      udp.close();
    }
  }
  throw new Error('could not bind a DNS responder on loopback');
}

async function closeBoth(udp: Socket, tcp: Server): Promise<void> {
  await new Promise<void>((resolve) => udp.close(() => resolve()));
  await new Promise<void>((resolve) => tcp.close(() => resolve()));
}
