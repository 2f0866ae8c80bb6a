import { randomInt } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdata, startDnsResponder, T, type DnsResponder, type ZoneRecord } from './helpers/dns-responder.js';
import { apiError, isRoot, spiedService, touchedNothing } from './helpers/service.js';

const user = { userId: 1 };
/** Ports from nmap's top 100 that nothing else is likely to hold on a 127.214.x.y address. */
const TOP_PORTS = [9999, 10000, 6646, 2717, 5009, 5051, 1110];

let dns: DnsResponder;
let listener: Server;
let address: string;
let port = 0;

async function listenOnTopPort(host: string): Promise<{ server: Server; port: number }> {
  for (const candidate of TOP_PORTS) {
    const server = createServer((socket) => socket.destroy());
    const ok = await new Promise<boolean>((resolve) => {
      server.once('error', () => resolve(false));
      server.listen(candidate, host, () => resolve(true));
    });
    if (ok) return { server, port: candidate };
  }
  throw new Error('no free top-100 port on loopback');
}

beforeAll(async () => {
  address = `127.214.${randomInt(1, 250)}.${randomInt(2, 250)}`;
  ({ server: listener, port } = await listenOnTopPort(address));
  const zone = new Map<string, ZoneRecord[]>([
    ['scanme.test', [{ type: T.A, ttl: 60, data: rdata.a(address) }]],
    ['outside.test', [{ type: T.A, ttl: 60, data: rdata.a('192.0.2.55') }]],
    [address.split('.').reverse().join('.') + '.in-addr.arpa', [{ type: T.PTR, ttl: 60, data: rdata.name('scanme.test') }]],
  ]);
  dns = await startDnsResponder(zone);
});

afterAll(async () => {
  await new Promise<void>((resolve) => (listener ? listener.close(() => resolve()) : resolve()));
  await dns?.close();
});

const service = () => spiedService({ dnsServers: [dns.address], dnsPort: dns.port, allowedNetworks: [`${address}/32`] });

describe('nmap target resolution', () => {
  it('a name resolving outside the allowed networks is refused before anything runs', async () => {
    const { service: tools, seams } = service();
    const error = await apiError(tools.runTool('nmap', { target: 'outside.test' }, user));
    expect(error.body()).toEqual({ target: ['outside.test is outside the allowed networks.'], detail: 'target: outside.test is outside the allowed networks.', code: 'invalid' });
    expect(seams.runProcess).not.toHaveBeenCalled();
  });

  it('a name that does not resolve', async () => {
    const { service: tools, seams } = service();
    const error = await apiError(tools.runTool('nmap', { target: 'missing.test' }, user));
    expect(error.body().target).toEqual(['Could not resolve missing.test.']);
    expect(seams.runProcess).not.toHaveBeenCalled();
  });

  it('an address outside the allowed networks', async () => {
    const { service: tools, seams } = service();
    const error = await apiError(tools.runTool('nmap', { target: '127.0.0.1' }, user));
    expect(error.body().target).toEqual(['127.0.0.1 is outside the allowed networks.']);
    expect(touchedNothing(seams)).toBe(true);
  });
});

// nmap's --dns-servers has no port, so its reverse lookups reach the test responder only on port 53.
describe.skipIf(!isRoot)('nmap against a loopback listener (root: DNS responder on port 53)', () => {
  it('scans the address the name resolved to, through DNS_SERVERS', async () => {
    dns.log.length = 0;
    const { service: tools } = service();
    const r = await tools.runTool('nmap', { target: 'scanme.test' }, user);
    expect(r.command).toBe(`nmap -sT -T3 --top-ports 100 -n --dns-servers ${dns.address} ${address}`);
    expect([r.status, r.exit_code]).toEqual(['success', 0]);
    expect(r.output).toContain(`Nmap scan report for scanme.test (${address})`);
    expect(r.output).toMatch(/Host is up/);
    expect(r.output).toMatch(new RegExp(`\\n${port}/tcp +open +\\S+`));
    expect(r.output).toMatch(/Nmap done: 1 IP address \(1 host up\) scanned/);
    // The reverse lookup went to the responder, not to the system resolver.
    expect(dns.log.some((q) => q.endsWith(' 12 UDP'))).toBe(true);
  });
});
