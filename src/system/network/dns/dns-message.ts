/**
 * The one DNS wire codec (RFC 1035 messages): the tools' dig and nslookup read whole answers in presentation
 * form; the scanner's mDNS and NetBIOS lookups read raw records out of the same parse.
 */
import { rdataToText } from './dns-rdata.js';
import { DnsFormatError, encodeName, readName, type NameStyle } from './dns-names.js';

export { DnsFormatError };

export const FLAG_RD = 0x0100;

export interface DnsQuestion {
  name: string;
  type: number;
  class: number;
}

export interface DnsRecord {
  /** Presentation form with the final dot, e.g. `example.com.`. */
  name: string;
  type: number;
  class: number;
  ttl: number;
  /** The record data in dig's presentation form. */
  value: string;
}

export interface DnsMessage {
  id: number;
  flags: { qr: boolean; aa: boolean; tc: boolean; rd: boolean; ra: boolean; ad: boolean; cd: boolean };
  opcode: number;
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authority: DnsRecord[];
  additional: DnsRecord[];
}

/** A record as it lies in the message: its data stays there (names inside may point anywhere in it). */
interface WireRecord {
  name: string;
  type: number;
  class: number;
  ttl: number;
  dataOffset: number;
  dataLength: number;
}

interface WireMessage {
  id: number;
  bits: number;
  questions: DnsQuestion[];
  sections: [WireRecord[], WireRecord[], WireRecord[]];
}

/** A query for one name; `name` as text or already in wire form (NetBIOS names). No EDNS. */
export function encodeQuery(id: number, name: string | Buffer, type: number, flags = 0): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(type, 0);
  question.writeUInt16BE(1, 2); // IN
  return Buffer.concat([header, typeof name === 'string' ? encodeName(name) : name, question]);
}

/** A standard recursive query (RD set; no EDNS, so large answers come back truncated → TCP). */
export function encodeRecursiveQuery(id: number, name: string, type: number): Buffer {
  return encodeQuery(id, name, type, FLAG_RD);
}

function need(msg: Buffer, offset: number, bytes: number): void {
  if (offset + bytes > msg.length) throw new DnsFormatError('message too short');
}

function readRecords(msg: Buffer, offset: number, count: number, style: NameStyle): { records: WireRecord[]; next: number } {
  const records: WireRecord[] = [];
  for (let i = 0; i < count; i++) {
    const { name, next } = readName(msg, offset, style);
    need(msg, next, 10);
    const dataOffset = next + 10;
    const dataLength = msg.readUInt16BE(next + 8);
    need(msg, dataOffset, dataLength);
    records.push({ name, type: msg.readUInt16BE(next), class: msg.readUInt16BE(next + 2), ttl: msg.readUInt32BE(next + 4), dataOffset, dataLength });
    offset = dataOffset + dataLength;
  }
  return { records, next: offset };
}

/** Header, questions and the three record sections; throws DnsFormatError for anything malformed. */
function parseMessage(msg: Buffer, style: NameStyle): WireMessage {
  need(msg, 0, 12);
  let offset = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < msg.readUInt16BE(4); i++) {
    const { name, next } = readName(msg, offset, style);
    need(msg, next, 4);
    questions.push({ name, type: msg.readUInt16BE(next), class: msg.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  const answers = readRecords(msg, offset, msg.readUInt16BE(6), style);
  const authority = readRecords(msg, answers.next, msg.readUInt16BE(8), style);
  const additional = readRecords(msg, authority.next, msg.readUInt16BE(10), style);
  return { id: msg.readUInt16BE(0), bits: msg.readUInt16BE(2), questions, sections: [answers.records, authority.records, additional.records] };
}

/** The whole message in presentation form (dig, nslookup); OPT pseudo-records are left out. */
export function decodeMessage(msg: Buffer): DnsMessage {
  const { id, bits, questions, sections } = parseMessage(msg, 'presentation');
  const [answers, authority, additional] = sections.map((records) => records
    .filter((r) => r.type !== 41)
    .map((r) => ({ name: r.name, type: r.type, class: r.class, ttl: r.ttl, value: rdataToText(r.type, msg, r.dataOffset, r.dataLength) })));
  return {
    id,
    flags: {
      qr: (bits & 0x8000) !== 0,
      aa: (bits & 0x0400) !== 0,
      tc: (bits & 0x0200) !== 0,
      rd: (bits & 0x0100) !== 0,
      ra: (bits & 0x0080) !== 0,
      ad: (bits & 0x0020) !== 0,
      cd: (bits & 0x0010) !== 0,
    },
    opcode: (bits >> 11) & 0x0f,
    rcode: bits & 0x0f,
    questions,
    answers,
    authority,
    additional,
  };
}

/** A record of every section with its raw data: `data` is the whole message (names inside may point anywhere). */
export interface RawRecord {
  name: string;
  type: number;
  /** Without mDNS's cache-flush bit. */
  class: number;
  data: Buffer;
  dataOffset: number;
}

/**
 * Header and every record (answer, authority, additional) of a response, names as text; null for anything
 * malformed (mDNS and NetBIOS answers come from anyone on the link).
 */
export function decodeRecords(msg: Buffer): { id: number; flags: number; answers: RawRecord[] } | null {
  try {
    const { id, bits, sections } = parseMessage(msg, 'text');
    const answers = sections.flat().map((r) => ({ name: r.name, type: r.type, class: r.class & 0x7fff, data: msg, dataOffset: r.dataOffset }));
    return { id, flags: bits, answers };
  } catch (error) {
    if (error instanceof DnsFormatError) return null;
    throw error;
  }
}
