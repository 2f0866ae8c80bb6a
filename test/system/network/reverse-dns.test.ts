import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseLookup } from '../../../src/system/network/reverse-dns.js';
import { startDnsResponder, type DnsResponder } from './dns-responder.js';

describe('reverse DNS through configured servers (§5.2)', () => {
  let dns: DnsResponder;
  beforeAll(async () => {
    dns = await startDnsResponder(
      { '10.0.213.10.in-addr.arpa': 'nas.everyst.test', '11.0.213.10.in-addr.arpa': 'printer.everyst.test.' },
      ['12.0.213.10.in-addr.arpa'],
    );
  });
  afterAll(() => dns.close());

  it('returns PTR names of the addresses that have one, without the trailing dot', async () => {
    const names = await reverseLookup(['10.213.0.10', '10.213.0.11', '10.213.0.13'], { servers: [dns.server] });
    expect(Object.fromEntries(names)).toEqual({ '10.213.0.10': 'nas.everyst.test', '10.213.0.11': 'printer.everyst.test' });
    expect(dns.queries).toEqual(expect.arrayContaining(['10.0.213.10.in-addr.arpa', '13.0.213.10.in-addr.arpa']));
  });

  it('gives up on a silent server after the timeout', async () => {
    const started = Date.now();
    const names = await reverseLookup(['10.213.0.12'], { servers: [dns.server], timeoutMs: 300 });
    expect(names.size).toBe(0);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const lookup = reverseLookup(['10.213.0.12'], { servers: [dns.server], timeoutMs: 5000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled')), 50);
    await expect(lookup).rejects.toThrow('cancelled');
  });
});
