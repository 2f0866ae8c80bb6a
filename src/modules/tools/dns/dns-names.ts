/** Domain names in DNS messages (RFC 1035 §4.1.4 compression). */
export class DnsFormatError extends Error {}

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

/** Reads a possibly compressed name; returns it with a final dot and the offset after it. */
export function readName(msg: Buffer, start: number): { name: string; next: number } {
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
    labels.push(escapeLabel(msg.subarray(offset + 1, offset + 1 + len)));
    offset += 1 + len;
  }
  return { name: labels.length ? `${labels.join('.')}.` : '.', next };
}

