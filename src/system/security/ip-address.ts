import { endianness } from 'node:os';
import { formatIpv6Bytes } from '../network/ip-address.js';

/**
 * /proc/net/{tcp,udp}{,6} print each address as 32-bit words in host byte order,
 * so on little-endian hosts every word's bytes are reversed.
 */
export function decodeProcAddress(hex: string, littleEndian = endianness() === 'LE'): string | null {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return null;
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    const word = [0, 2, 4, 6].map((i) => parseInt(hex.slice(w + i, w + i + 2), 16));
    bytes.push(...(littleEndian ? word.reverse() : word));
  }
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** RFC 5952 text form (shared with the scanner's address code). */
export const formatIpv6 = (bytes: number[]): string => formatIpv6Bytes(bytes);

/** 127.0.0.0/8, ::1, their IPv4-mapped form, and the name `localhost`. */
export function isLoopback(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  if (a === 'localhost' || a === '::1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}
