/** The little of the DNS message format (RFC 1035) that mDNS and NetBIOS name queries need. */

export const TYPE_PTR = 12;
export const TYPE_NBSTAT = 0x21;
export const CLASS_IN = 1;

export interface DnsRecord {
  name: string;
  type: number;
  class: number;
  /** Raw record data and the whole message (PTR names may point anywhere in it). */
  data: Buffer;
  dataOffset: number;
}

export interface DnsMessage {
  id: number;
  flags: number;
  answers: DnsRecord[];
}

export function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/, '').split('.').filter(Boolean);
  return Buffer.concat([
    ...labels.map((label) => {
      const bytes = Buffer.from(label, 'utf8');
      if (bytes.length > 63) throw new RangeError('DNS label too long');
      return Buffer.concat([Buffer.from([bytes.length]), bytes]);
    }),
    Buffer.from([0]),
  ]);
}

export function encodeQuery(id: number, encodedName: Buffer, type: number, flags = 0): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(flags, 2);
  header.writeUInt16BE(1, 4);
  const question = Buffer.alloc(4);
  question.writeUInt16BE(type, 0);
  question.writeUInt16BE(CLASS_IN, 2);
  return Buffer.concat([header, encodedName, question]);
}

/** Reads a possibly compressed name; returns it and the offset just after it. */
export function readName(message: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  let end = -1;
  for (let jumps = 0; jumps < 32; jumps++) {
    if (offset >= message.length) throw new RangeError('Truncated DNS name');
    const length = message[offset];
    if (length === 0) return [labels.join('.'), end < 0 ? offset + 1 : end];
    if ((length & 0xc0) === 0xc0) {
      if (end < 0) end = offset + 2;
      offset = message.readUInt16BE(offset) & 0x3fff;
      continue;
    }
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('utf8'));
    offset += length + 1;
    jumps--;
  }
  throw new RangeError('DNS name compression loop');
}

/** Header and answer records of a response; null for anything malformed. */
export function decodeMessage(message: Buffer): DnsMessage | null {
  try {
    const questions = message.readUInt16BE(4);
    const answerCount = message.readUInt16BE(6) + message.readUInt16BE(8) + message.readUInt16BE(10);
    let offset = 12;
    for (let i = 0; i < questions; i++) offset = readName(message, offset)[1] + 4;
    const answers: DnsRecord[] = [];
    for (let i = 0; i < answerCount; i++) {
      const [name, after] = readName(message, offset);
      const type = message.readUInt16BE(after);
      const klass = message.readUInt16BE(after + 2) & 0x7fff;
      const length = message.readUInt16BE(after + 8);
      const dataOffset = after + 10;
      if (dataOffset + length > message.length) return null;
      answers.push({ name, type, class: klass, data: message, dataOffset });
      offset = dataOffset + length;
    }
    return { id: message.readUInt16BE(0), flags: message.readUInt16BE(2), answers };
  } catch {
    return null;
  }
}

/** `4.3.2.1.in-addr.arpa` for 1.2.3.4. */
export function reverseName(ipv4: string): string {
  return `${ipv4.split('.').reverse().join('.')}.in-addr.arpa`;
}
