import { readName, DnsFormatError } from './dns-names.js';
import { formatIpv6Bytes as formatIPv6 } from '../ip-address.js';

/** A character-string as dig shows it: quoted, `"` and `\` escaped, unprintable bytes as `\DDD`. */
function quoted(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    if (byte < 0x20 || byte >= 0x7f) text += `\\${String(byte).padStart(3, '0')}`;
    else if (byte === 0x22 || byte === 0x5c) text += `\\${String.fromCharCode(byte)}`;
    else text += String.fromCharCode(byte);
  }
  return `"${text}"`;
}

function characterStrings(data: Buffer): string[] {
  const strings: string[] = [];
  for (let i = 0; i < data.length; ) {
    const len = data[i];
    if (i + 1 + len > data.length) throw new DnsFormatError('character-string runs past its record');
    strings.push(quoted(data.subarray(i + 1, i + 1 + len)));
    i += 1 + len;
  }
  return strings;
}

function unknown(data: Buffer): string {
  return data.length ? `\\# ${data.length} ${data.toString('hex').toUpperCase()}` : '\\# 0';
}

function fixed(data: Buffer, bytes: number): void {
  if (data.length < bytes) throw new DnsFormatError('record data too short');
}

/** The record data of `type` in presentation form; names inside may point back into `msg`. */
export function rdataToText(type: number, msg: Buffer, start: number, length: number): string {
  const data = msg.subarray(start, start + length);
  const nameAt = (offset: number) => readName(msg, start + offset);
  switch (type) {
    case 1: // A
      fixed(data, 4);
      return [...data.subarray(0, 4)].join('.');
    case 28: // AAAA
      fixed(data, 16);
      return formatIPv6(data.subarray(0, 16));
    case 2: // NS
    case 5: // CNAME
    case 12: // PTR
      return nameAt(0).name;
    case 15: {
      // MX
      fixed(data, 3);
      return `${data.readUInt16BE(0)} ${nameAt(2).name}`;
    }
    case 6: {
      // SOA
      const mname = nameAt(0);
      const rname = readName(msg, mname.next);
      const numbers = msg.subarray(rname.next, start + length);
      fixed(numbers, 20);
      const values = [0, 4, 8, 12, 16].map((o) => numbers.readUInt32BE(o));
      return [mname.name, rname.name, ...values].join(' ');
    }
    case 16: // TXT
      return characterStrings(data).join(' ');
    case 33: {
      // SRV
      fixed(data, 7);
      return `${data.readUInt16BE(0)} ${data.readUInt16BE(2)} ${data.readUInt16BE(4)} ${nameAt(6).name}`;
    }
    case 43: // DS
      fixed(data, 5);
      return `${data.readUInt16BE(0)} ${data[2]} ${data[3]} ${data.subarray(4).toString('hex').toUpperCase()}`;
    case 48: // DNSKEY
      fixed(data, 5);
      return `${data.readUInt16BE(0)} ${data[2]} ${data[3]} ${data.subarray(4).toString('base64')}`;
    case 257: {
      // CAA
      fixed(data, 2);
      const tagEnd = 2 + data[1];
      fixed(data, tagEnd);
      return `${data[0]} ${data.subarray(2, tagEnd).toString('latin1')} ${quoted(data.subarray(tagEnd))}`;
    }
    default:
      return unknown(data);
  }
}
