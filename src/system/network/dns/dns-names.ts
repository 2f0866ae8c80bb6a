/** Domain names in DNS messages (RFC 1035 §4.1.4 compression). */
export class DnsFormatError extends Error {}

/**
 * How a name read from a message is written: `presentation` as dig shows it (escapes, final dot, `.` for the
 * root), `text` as the scanner keeps host names (labels decoded as UTF-8, no final dot, `''` for the root).
 */
export type NameStyle = 'presentation' | 'text';

/** Label text with dig's escapes: `\.` and `\\` style for specials, `\DDD` for the unprintable. */
function escapeLabel(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const ch = String.fromCharCode(byte);
    if (byte <= 0x20 || byte >= 0x7f) text += `\\${String(byte).padStart(3, '0')}`;
    else if ('.;\\"()@$'.includes(ch)) text += `\\${ch}`;
    else text += ch;
  }
  return text;
}

/** A name in wire form: length-prefixed labels and the root byte. */
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

/** Reads a possibly compressed name; returns it and the offset after it. */
export function readName(msg: Buffer, start: number, style: NameStyle = 'presentation'): { name: string; next: number } {
  const labels: string[] = [];
  let offset = start;
  let next = -1;
  for (let jumps = 0; ; ) {
    if (offset >= msg.length) throw new DnsFormatError('name runs past the end of the message');
    const len = msg[offset];
    if ((len & 0xc0) === 0xc0) {
      if (offset + 1 >= msg.length || ++jumps > 64) throw new DnsFormatError('bad compression pointer');
      if (next < 0) next = offset + 2;
      offset = ((len & 0x3f) << 8) | msg[offset + 1];
      continue;
    }
    if (len & 0xc0) throw new DnsFormatError('unsupported label type');
    if (len === 0) {
      if (next < 0) next = offset + 1;
      break;
    }
    if (offset + 1 + len > msg.length) throw new DnsFormatError('label runs past the end of the message');
    const bytes = msg.subarray(offset + 1, offset + 1 + len);
    labels.push(style === 'text' ? bytes.toString('utf8') : escapeLabel(bytes));
    offset += 1 + len;
  }
  if (style === 'text') return { name: labels.join('.'), next };
  return { name: labels.length ? `${labels.join('.')}.` : '.', next };
}
