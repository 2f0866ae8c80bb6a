import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/modules/tools/spawn.js';
import { ToolsService } from '../../src/modules/tools/tools.service.js';
import { describeNetns, createTestNetwork, type TestNetwork } from '../helpers/netns.js';
import { startResolverGuard, type ResolverGuard } from '../helpers/resolver-guard.js';
import { rdata, startDnsResponder, T, type DnsResponder } from './helpers/dns-responder.js';

const user = { userId: 1 };
const ptr = (ip: string) => `${ip.split('.').reverse().join('.')}.in-addr.arpa`;

/**
 * Tools against hosts of a namespace LAN, with DNS_SERVERS at our responder and every child program in a
 * mount namespace whose resolv.conf names only the guard: the names in the output come from our responder,
 * and no child asks any resolver (issue: traceroute and nmap used the system resolver).
 */
describeNetns('tools resolve names only through DNS_SERVERS', () => {
  let net: TestNetwork;
  let dns: DnsResponder;
  let guard: ResolverGuard;
  let far: string;
  let tools: ToolsService;

  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: 147,
      hosts: [],
      routed: { subnet: 148, routerMac: '02:00:00:93:01:fe', hosts: [{ octet: 11, mac: '02:00:00:94:01:0b', listeners: [{ port: 22 }] }] },
    });
    far = net.routed!.hosts[0].ip;
    dns = await startDnsResponder(new Map([
      ['far.test', [{ type: T.A, ttl: 60, data: rdata.a(far) }]],
      [ptr(far), [{ type: T.PTR, ttl: 60, data: rdata.name('far.test') }]],
      [ptr(net.routed!.routerLanIp), [{ type: T.PTR, ttl: 60, data: rdata.name('router.test') }]],
    ]));
    guard = await startResolverGuard();
    tools = new ToolsService({
      dnsServers: [dns.address], dnsPort: dns.port, allowedNetworks: [net.cidr, net.routed!.cidr],
      runProcess: guard.guard(createProcessRunner()),
    });
  });

  afterAll(async () => {
    await guard?.close();
    await dns?.close();
    await net?.destroy();
  });

  const fresh = () => {
    dns.log.length = 0;
    guard.log.length = 0;
  };

  it('traceroute shows hop names from DNS_SERVERS in traceroute\'s layout', async () => {
    fresh();
    const r = await tools.runTool('traceroute', { target: 'far.test' }, user);
    expect(r.command).toBe(`traceroute -4 -n -m 15 -w 2 ${far}`);
    expect(r.output).toMatch(new RegExp(`^traceroute to far\\.test \\(${far}\\), 15 hops max`));
    expect(r.output).toMatch(new RegExp(`\\n 1 +router\\.test \\(${net.routed!.routerLanIp}\\) +[\\d.]+ ms`));
    expect(r.output).toMatch(new RegExp(`\\n 2 +far\\.test \\(${far}\\) +[\\d.]+ ms`));
    expect(dns.log).toEqual(expect.arrayContaining(['far.test 1 UDP', `${ptr(net.routed!.routerLanIp)} 12 UDP`, `${ptr(far)} 12 UDP`]));
    expect(guard.log).toEqual([]);
  });

  it('nmap reports host names from DNS_SERVERS in nmap\'s layout', async () => {
    fresh();
    const r = await tools.runTool('nmap', { target: 'far.test' }, user);
    expect([r.status, r.exit_code]).toEqual(['success', 0]);
    expect(r.output).toContain(`Nmap scan report for far.test (${far})`);
    expect(r.output).toMatch(/\n22\/tcp +open +ssh/);
    expect(dns.log).toEqual(expect.arrayContaining(['far.test 1 UDP', `${ptr(far)} 12 UDP`]));
    expect(guard.log).toEqual([]);
  });

  it('ping gets the address the server resolved and shows the name', async () => {
    fresh();
    const r = await tools.runTool('ping', { target: 'far.test' }, user);
    expect(r.command).toBe(`ping -4 -c 4 -W 2 -- ${far}`);
    expect(r.output).toMatch(new RegExp(`^PING far\\.test \\(${far}\\)`));
    expect(r.output).toContain('4 packets transmitted, 4 received');
    expect(r.output).toContain('--- far.test ping statistics ---');
    expect(dns.log).toContain('far.test 1 UDP');
    expect(guard.log).toEqual([]);
  });

  it('the guard sees a child that resolves names itself (traceroute without -n)', async () => {
    fresh();
    const run = guard.guard(createProcessRunner());
    await run({ command: 'traceroute', args: ['-4', '-m', '3', '-w', '1', far], timeoutMs: 20_000 });
    expect(guard.log).toContain(`${ptr(far)} 12 UDP`);
    expect(dns.log).toEqual([]);
  });
});
