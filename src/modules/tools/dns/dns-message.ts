import { rdataToText } from './dns-rdata.js';
import { DnsFormatError, readName } from './dns-names.js';

export { DnsFormatError };

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

/** A standard recursive query for one name (no EDNS, so large answers come back truncated → TCP). */
export function encodeQuery(id: number, name: string, type: number): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter((label) => label !== '');
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const parts = labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')]));
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(type, 1);
  tail.writeUInt16BE(1, 3); // IN
  return Buffer.concat([header, ...parts, tail]);
}

function need(msg: Buffer, offset: number, bytes: number): void {
  if (offset + bytes > msg.length) throw new DnsFormatError('message too short');
}

function readRecords(msg: Buffer, offset: number, count: number): { records: DnsRecord[]; next: number } {
  const records: DnsRecord[] = [];
  for (let i = 0; i < count; i++) {
    const { name, next } = readName(msg, offset);
    need(msg, next, 10);
    const type = msg.readUInt16BE(next);
    const cls = msg.readUInt16BE(next + 2);
    const ttl = msg.readUInt32BE(next + 4);
    const length = msg.readUInt16BE(next + 8);
    const dataStart = next + 10;
    need(msg, dataStart, length);
    if (type !== 41) records.push({ name, type, class: cls, ttl, value: rdataToText(type, msg, dataStart, length) });
    offset = dataStart + length;
  }
  return { records, next: offset };
}

export function decodeMessage(msg: Buffer): DnsMessage {
  need(msg, 0, 12);
  const bits = msg.readUInt16BE(2);
  let offset = 12;
  const questions: DnsQuestion[] = [];
  for (let i = 0; i < msg.readUInt16BE(4); i++) {
    const { name, next } = readName(msg, offset);
    need(msg, next, 4);
    questions.push({ name, type: msg.readUInt16BE(next), class: msg.readUInt16BE(next + 2) });
    offset = next + 4;
  }
  const answers = readRecords(msg, offset, msg.readUInt16BE(6));
  const authority = readRecords(msg, answers.next, msg.readUInt16BE(8));
  const additional = readRecords(msg, authority.next, msg.readUInt16BE(10));
  return {
    id: msg.readUInt16BE(0),
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
    answers: answers.records,
    authority: authority.records,
    additional: additional.records,
  };
}
