import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeMessage, DnsFormatError, encodeRecursiveQuery as encodeQuery } from '../../src/system/network/dns/dns-message.js';
import { pickDnsServer } from '../../src/system/network/dns/dns-server.js';
import { formatIpv6Bytes as formatIPv6 } from '../../src/system/network/ip-address.js';
import { ipv6Bytes, reverseName } from '../../src/system/network/dns/reverse-name.js';

describe('IPv6 text', () => {
  it.each([
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['::1', '::1'],
    ['::', '::'],
    ['1:0:0:1:0:0:0:1', '1:0:0:1::1'],
    ['1:0:1:1:1:1:1:1', '1:0:1:1:1:1:1:1'],
    ['::ffff:127.0.0.1', '::ffff:127.0.0.1'],
    ['::ffff:7f00:1', '::ffff:127.0.0.1'],
  ])('%s → %s', (input, expected) => {
    expect(formatIPv6(ipv6Bytes(input))).toBe(expected);
  });

  it('reverse names', () => {
    expect(reverseName('127.0.0.10')).toBe('10.0.0.127.in-addr.arpa');
    expect(reverseName('2001:db8::1')).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa');
  });
});

describe('DNS messages', () => {
  it('a query asks for recursion for one name', () => {
    const query = encodeQuery(0x1234, 'host.test.', 28);
    expect(query.toString('hex')).toBe('123401000001000000000000' + '04686f737404746573740000' + '1c0001');
  });

  it('a compression loop is a format error, not a hang', () => {
    const header = Buffer.from('abcd81800001000000000000', 'hex');
    const loop = Buffer.from([0xc0, 12]); // the name points at itself
    expect(() => decodeMessage(Buffer.concat([header, loop, Buffer.from([0, 1, 0, 1])]))).toThrow(DnsFormatError);
  });

  it('a message cut short is a format error', () => {
    expect(() => decodeMessage(Buffer.from('abcd8180000100010000', 'hex'))).toThrow(DnsFormatError);
  });
});

describe('which DNS server the built-in client asks', () => {
  it('the first of DNS_SERVERS, else the first nameserver of resolv.conf, else 127.0.0.1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'everyst-resolv-'));
    try {
      const conf = join(dir, 'resolv.conf');
      await writeFile(conf, '# comment\nsearch example\nnameserver 127.0.0.77\nnameserver 127.0.0.78\n');
      expect(await pickDnsServer(['::1', '127.0.0.1'], conf)).toBe('::1');
      expect(await pickDnsServer([], conf)).toBe('127.0.0.77');
      expect(await pickDnsServer([], join(dir, 'missing'))).toBe('127.0.0.1');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
