import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdata, startDnsResponder, T, type DnsResponder, type ZoneRecord } from './helpers/dns-responder.js';
import { spiedService } from './helpers/service.js';

const run = promisify(execFile);
const user = { userId: 1 };

const zone = new Map<string, ZoneRecord[]>([
  ['host.test', [{ type: T.A, ttl: 300, data: rdata.a('127.0.0.10') }, { type: T.AAAA, ttl: 300, data: rdata.aaaa('20010db8000000000000000000000001') }]],
  ['alias.test', [{ type: T.CNAME, ttl: 60, data: rdata.name('host.test') }]],
  ['mail.test', [{ type: T.MX, ttl: 3600, data: rdata.mx(10, 'mx1.test') }]],
  ['txt.test', [{ type: T.TXT, ttl: 120, data: rdata.txt('v=spf1 -all', 'say "hi"') }]],
  ['_sip._tcp.test', [{ type: T.SRV, ttl: 30, data: rdata.srv(10, 5, 5060, 'sip.test') }]],
  ['caa.test', [{ type: T.CAA, ttl: 30, data: rdata.caa(0, 'issue', 'letsencrypt.org') }]],
  ['test', [{ type: T.SOA, ttl: 900, data: rdata.soa('ns.test', 'hostmaster.test', 2024010101) }]],
  ['10.0.0.127.in-addr.arpa', [{ type: T.PTR, ttl: 86400, data: rdata.name('host.test') }]],
  ['big.test', Array.from({ length: 40 }, (_, i) => ({ type: T.TXT, ttl: 60, data: rdata.txt(`record number ${i} padding padding`) }))],
  ['@soa', [{ type: T.SOA, ttl: 900, data: rdata.soa('ns.test', 'hostmaster.test', 2024010101) }]],
]);

let dns: DnsResponder;
const service = () => spiedService({ dnsServers: [dns.address], dnsPort: dns.port }).service;

/** Record lines of a section, split on whitespace as the web client splits them. */
function section(output: string, title: string): string[][] {
  const lines = output.split('\n');
  const start = lines.indexOf(`;; ${title} SECTION:`);
  if (start < 0) return [];
  const end = lines.indexOf('', start);
  return lines.slice(start + 1, end < 0 ? undefined : end).map((line) => line.split(/\s+/));
}

beforeAll(async () => {
  dns = await startDnsResponder(zone);
});
afterAll(async () => {
  await dns.close();
});

describe('dig (built-in)', () => {
  it('renders dig’s layout with the real TTLs', async () => {
    const r = await service().runTool('dig', { target: 'host.test' }, user);
    expect([r.status, r.exit_code, r.command]).toEqual(['success', null, 'dig host.test A (built-in)']);
    const lines = r.output.split('\n');
    expect(lines.slice(0, 3)).toEqual(['; <<>> Everyst DNS lookup <<>> host.test A', ';; global options: +cmd', ';; Got answer:']);
    expect(lines[3]).toMatch(/^;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: \d+$/);
    expect(lines.slice(4, 9)).toEqual([
      ';; flags: qr aa rd ra; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 0',
      '',
      ';; QUESTION SECTION:',
      ';host.test.\t\t\tIN\tA',
      '',
    ]);
    expect(lines.slice(9, 12)).toEqual([';; ANSWER SECTION:', 'host.test.\t\t300\tIN\tA\t127.0.0.10', '']);
    expect(lines[12]).toMatch(/^;; Query time: \d+ msec$/);
    expect(lines[13]).toBe(`;; SERVER: ${dns.address}#${dns.port}(${dns.address}) (UDP)`);
    expect(lines[14]).toMatch(/^;; WHEN: \w{3} \w{3} \d\d \d\d:\d\d:\d\d UTC \d{4}$/);
    expect(lines[15]).toMatch(/^;; MSG SIZE {2}rcvd: \d+$/);
    expect(lines).toHaveLength(16);
  });

  it.each([
    ['mail.test', 'mx', 'MX'],
    ['host.test', 'AAAA', 'AAAA'],
    ['txt.test', 'TXT', 'TXT'],
    ['_sip._tcp.test', 'SRV', 'SRV'],
    ['caa.test', 'CAA', 'CAA'],
    ['test', 'SOA', 'SOA'],
    ['alias.test', 'CNAME', 'CNAME'],
  ])('%s %s gives the same records as the dig program', async (name, asked, type) => {
    const r = await service().runTool('dig', { target: name, record_type: asked }, user);
    const real = await run('dig', [`@${dns.address}`, '-p', String(dns.port), '+noedns', '+nocookie', name, type], { timeout: 10_000 });
    expect(section(r.output, 'ANSWER')).toEqual(section(real.stdout, 'ANSWER'));
    expect(section(r.output, 'ANSWER')).not.toEqual([]);
  });

  it('an address is a reverse lookup', async () => {
    const r = await service().runTool('dig', { target: '127.0.0.10', record_type: 'MX' }, user);
    expect(r.command).toBe('dig -x 127.0.0.10 (built-in)');
    expect(r.output).toContain(';10.0.0.127.in-addr.arpa.\t\t\tIN\tPTR');
    expect(section(r.output, 'ANSWER')).toEqual([['10.0.0.127.in-addr.arpa.', '86400', 'IN', 'PTR', 'host.test.']]);
  });

  it('NXDOMAIN shows the status and the authority section', async () => {
    const r = await service().runTool('dig', { target: 'missing.test' }, user);
    expect(r.status).toBe('success');
    expect(r.output).toMatch(/status: NXDOMAIN/);
    expect(r.output).not.toContain(';; ANSWER SECTION:');
    expect(section(r.output, 'AUTHORITY')).toEqual([['test.', '900', 'IN', 'SOA', 'ns.test.', 'hostmaster.test.', '2024010101', '7200', '3600', '1209600', '300']]);
  });

  it('retries over TCP when the UDP answer is truncated', async () => {
    dns.log.length = 0;
    const r = await service().runTool('dig', { target: 'big.test', record_type: 'TXT' }, user);
    expect(r.output).toContain(`;; SERVER: ${dns.address}#${dns.port}(${dns.address}) (TCP)`);
    expect(section(r.output, 'ANSWER')).toHaveLength(40);
    expect(dns.log).toEqual(['big.test 16 UDP', 'big.test 16 TCP']);
  });
});

describe('nslookup (built-in)', () => {
  it('lists every address of a name', async () => {
    const r = await service().runTool('nslookup', { target: 'host.test' }, user);
    expect(r.status).toBe('success');
    expect(r.output).toBe(
      [
        `Server:\t\t${dns.address}`,
        `Address:\t${dns.address}#${dns.port}`,
        '',
        'Non-authoritative answer:',
        'Name:\thost.test',
        'Address: 127.0.0.10',
        'Name:\thost.test',
        'Address: 2001:db8::1',
      ].join('\n'),
    );
  });

  it('a missing name', async () => {
    const r = await service().runTool('nslookup', { target: 'missing.test' }, user);
    expect(r.status).toBe('error');
    expect(r.output.split('\n').at(-1)).toBe("** server can't find missing.test: NXDOMAIN");
  });

  it('a reverse lookup', async () => {
    const r = await service().runTool('nslookup', { target: '127.0.0.10' }, user);
    expect(r.output.split('\n').slice(3)).toEqual(['Non-authoritative answer:', '10.0.0.127.in-addr.arpa\tname = host.test.']);
  });
});

describe('a DNS server that never answers', () => {
  let silent: Socket;
  beforeAll(async () => {
    silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', () => resolve()));
  });
  afterAll(() => silent.close());

  it('ends the lookup at the tool timeout', async () => {
    const { service: tools } = spiedService({ dnsServers: ['127.0.0.1'], dnsPort: silent.address().port, timeoutsMs: { dig: 1000 } });
    const r = await tools.runTool('dig', { target: 'host.test' }, user);
    expect([r.status, r.output, r.exit_code]).toEqual(['error', 'Command timed out after 1 seconds', null]);
    expect(r.duration_ms).toBeLessThan(3000);
  });
});
