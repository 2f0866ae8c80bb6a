import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProcAddress, formatIpv6, isLoopback } from '../../src/system/security/ip-address.js';
import { parseProcNetTable } from '../../src/system/security/proc-net.js';
import { FIXTURES } from './fixture-host.js';

const net = (file: string) => readFile(join(FIXTURES, 'host-a/proc/net', file), 'utf8');

describe('/proc/net address decoding', () => {
  it('reverses each 32-bit word on little-endian hosts and not on big-endian ones', () => {
    expect(decodeProcAddress('0100007F', true)).toBe('127.0.0.1');
    expect(decodeProcAddress('7F000001', false)).toBe('127.0.0.1');
    expect(decodeProcAddress('00000000000000000000000001000000', true)).toBe('::1');
    expect(decodeProcAddress('00000000000000000000000000000001', false)).toBe('::1');
    expect(decodeProcAddress('0000000000000000FFFF00000100007F', true)).toBe('::ffff:127.0.0.1');
  });

  it('rejects text that is not an address', () => {
    expect(decodeProcAddress('XYZ', true)).toBeNull();
    expect(decodeProcAddress('0100007', true)).toBeNull();
  });

  it('writes IPv6 in RFC 5952 form', () => {
    const bytes = (groups: number[]) => groups.flatMap((g) => [g >> 8, g & 0xff]);
    expect(formatIpv6(bytes([0, 0, 0, 0, 0, 0, 0, 0]))).toBe('::');
    expect(formatIpv6(bytes([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1]))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(bytes([1, 0, 0, 2, 0, 0, 0, 3]))).toBe('1:0:0:2::3');
    expect(formatIpv6(bytes([1, 0, 2, 0, 3, 0, 4, 0]))).toBe('1:0:2:0:3:0:4:0');
    expect(formatIpv6(bytes([0xfe80, 0, 0, 0, 0, 0, 0, 0x1]))).toBe('fe80::1');
  });

  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1', 'localhost', '[::1]']) {
      expect(isLoopback(a), a).toBe(true);
    }
    for (const a of ['0.0.0.0', '::', '192.168.1.10', 'fe80::1', '::ffff:10.0.0.1', '128.0.0.1']) {
      expect(isLoopback(a), a).toBe(false);
    }
  });
});

describe('parseProcNetTable', () => {
  it('keeps only LISTEN sockets of a TCP table', async () => {
    expect(parseProcNetTable(await net('tcp'), 'tcp', true)).toEqual([
      { protocol: 'tcp', address: '0.0.0.0', port: 22, inode: 1101 },
      { protocol: 'tcp', address: '127.0.0.1', port: 5432, inode: 1201 },
      { protocol: 'tcp', address: '0.0.0.0', port: 8000, inode: 1301 },
      { protocol: 'tcp', address: '192.168.1.10', port: 80, inode: 1401 },
      { protocol: 'tcp', address: '192.168.1.10', port: 80, inode: 1402 },
      { protocol: 'tcp', address: '0.0.0.0', port: 2049, inode: 1501 },
    ]);
  });

  it('decodes tcp6 addresses, including IPv4-mapped ones', async () => {
    expect(parseProcNetTable(await net('tcp6'), 'tcp', true).map((s) => `${s.address} ${s.port}`)).toEqual([
      ':: 22',
      '::1 6379',
      ':: 8000',
      '2001:db8::10 443',
      '::ffff:127.0.0.1 9090',
    ]);
  });

  it('takes unconnected UDP sockets as listening and skips connected ones', async () => {
    expect(parseProcNetTable(await net('udp'), 'udp', true)).toEqual([
      { protocol: 'udp', address: '0.0.0.0', port: 5353, inode: 1901 },
      { protocol: 'udp', address: '127.0.0.53', port: 53, inode: 2001 },
    ]);
    expect(parseProcNetTable(await net('udp6'), 'udp', true).map((s) => s.address)).toEqual(['::', 'fe80::1']);
  });

  it('skips malformed lines and an empty table', () => {
    const text = 'header\n   0: garbage\n   1: 0100007F:ZZZZ 00000000:0000 0A 0 0 0 0 0 77 1\n\n';
    expect(parseProcNetTable(text, 'tcp', true)).toEqual([]);
    expect(parseProcNetTable('', 'tcp', true)).toEqual([]);
  });
});
