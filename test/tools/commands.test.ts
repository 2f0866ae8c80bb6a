import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolName } from '../../src/modules/tools/tools.service.js';
import { rdata, startDnsResponder, T, type DnsResponder } from './helpers/dns-responder.js';
import { apiError, recordingRunner, spiedService } from './helpers/service.js';

let dns: DnsResponder;
beforeAll(async () => {
  dns = await startDnsResponder(new Map([
    ['host.example.com', [{ type: T.A, ttl: 60, data: rdata.a('127.213.0.5') }]],
    ['xn--bcher-kva.example', [{ type: T.A, ttl: 60, data: rdata.a('127.213.0.6') }]],
  ]));
});
afterAll(async () => {
  await dns?.close();
});

/** What each accepted body makes the server start: the exact argument vector, never a shell. */
async function argvFor(tool: ToolName, body: unknown, options = {}) {
  const runner = recordingRunner();
  const { service } = spiedService({ runProcess: runner.run, ...options });
  const response = await service.runTool(tool, body, { userId: 1 });
  return { argv: runner.argv(), response, specs: runner.calls };
}

describe('commands built from valid input', () => {
  it.each([
    ['ping', { target: '127.0.0.1' }, ['ping', '-4', '-c', '4', '-W', '2', '--', '127.0.0.1']],
    ['ping', { target: '  [::1]  ' }, ['ping', '-6', '-c', '4', '-W', '2', '--', '::1']],
    ['ping', { target: '::ffff:127.0.0.1' }, ['ping', '-6', '-c', '4', '-W', '2', '--', '::ffff:127.0.0.1']],
    // Names are resolved by the server (through the test's DNS responder): the program gets the address.
    ['ping', { target: 'host.example.com.' }, ['ping', '-4', '-c', '4', '-W', '2', '--', '127.213.0.5']],
    ['traceroute', { target: '127.0.0.1' }, ['traceroute', '-4', '-n', '-m', '15', '-w', '2', '127.0.0.1']],
    ['traceroute', { target: 'xn--bcher-kva.example' }, ['traceroute', '-4', '-n', '-m', '15', '-w', '2', '127.213.0.6']],
    ['whois', { target: 'example.com' }, ['whois', '--', 'example.com']],
    ['whois', { target: 'as13335' }, ['whois', '--', 'AS13335']],
    ['netstat', { options: '' }, ['netstat']],
    ['netstat', {}, ['netstat']],
    ['netstat', { options: '-t -l -n -t' }, ['netstat', '-tln']],
    ['netstat', { options: 'anp' }, ['netstat', '-anp']],
    ['ip-route', {}, ['ip', 'route', 'show']],
    ['ip-route', { family: 6 }, ['ip', '-6', 'route', 'show']],
    ['tcpdump', {}, ['tcpdump', '-i', 'any', '-c', '25', '-n', '-l']],
    ['tcpdump', { interface: 'lo', count: 3, filter: ' port 80 and host 10.0.0.1 ' }, ['tcpdump', '-i', 'lo', '-c', '3', '-n', '-l', '--', 'port 80 and host 10.0.0.1']],
    ['tcpdump', { filter: 'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0' }, ['tcpdump', '-i', 'any', '-c', '25', '-n', '-l', '--', 'tcp[tcpflags] & (tcp-syn|tcp-ack) != 0']],
    ['nmap', { target: '127.0.0.1' }, ['nmap', '-sT', '-T3', '--top-ports', '100', '-n', '127.0.0.1']],
    ['nmap', { target: '127.213.9.0/24' }, ['nmap', '-sT', '-T3', '--top-ports', '100', '-n', '127.213.9.0/24']],
    ['nmap', { target: '[::1]' }, ['nmap', '-sT', '-T3', '--top-ports', '100', '-n', '-6', '::1']],
  ] as [ToolName, unknown, string[]][])('%s %j → %j', async (tool, body, expected) => {
    const { argv, response } = await argvFor(tool, body, {
      allowedNetworks: ['127.0.0.0/8', '::1/128'],
      // nmap gets DNS_SERVERS on its command line (next test); the others resolve names through the responder.
      ...(tool === 'nmap' ? { dnsServers: [] } : { dnsServers: [dns.address], dnsPort: dns.port }),
    });
    expect(argv).toEqual([expected]);
    expect(response.command).toBe(expected.join(' '));
  });

  it('nmap passes DNS_SERVERS on', async () => {
    const { argv } = await argvFor('nmap', { target: '127.0.0.1' }, { dnsServers: ['127.0.0.1', '::1'] });
    expect(argv[0]).toEqual(['nmap', '-sT', '-T3', '--top-ports', '100', '-n', '--dns-servers', '127.0.0.1,::1', '127.0.0.1']);
  });

  it('tcpdump leaves out the "verbose output suppressed" line', async () => {
    const { specs } = await argvFor('tcpdump', {});
    expect(specs[0].dropLine?.('tcpdump: verbose output suppressed, use -v[v]... for full protocol decode')).toBe(true);
    expect(specs[0].dropLine?.('listening on any, link-type LINUX_SLL2')).toBe(false);
  });
});

describe('field rules', () => {
  const invalid = async (tool: ToolName, body: unknown, options = {}) => {
    const runner = recordingRunner();
    const { service, seams } = spiedService({ runProcess: runner.run, ...options });
    const error = await apiError(service.runTool(tool, body, { userId: 1 }));
    expect(runner.calls).toEqual([]);
    expect(seams.dnsQuery).not.toHaveBeenCalled();
    return { status: error.status, body: error.body() };
  };

  it('dig: unsupported record types', async () => {
    const message = 'Unsupported record type. Use one of: A, AAAA, ANY, CAA, CNAME, DNSKEY, DS, MX, NS, PTR, SOA, SRV, TXT.';
    for (const record_type of ['AXFR', 'IXFR', 'A;', '-t', 'HINFO']) {
      expect(await invalid('dig', { target: 'example.com', record_type })).toEqual({
        status: 400,
        body: { record_type: [message], detail: `record_type: ${message}`, code: 'invalid' },
      });
    }
  });

  it('netstat: letters outside a, l, n, p, t, u', async () => {
    const result = await invalid('netstat', { options: '-tlnx' });
    expect(result.body.options).toEqual(["Unsupported netstat option 'x'. Allowed: a, l, n, p, t, u."]);
    expect((await invalid('netstat', { options: '-t\u0000' })).body.options).toEqual([
      "Unsupported netstat option 'U+0000'. Allowed: a, l, n, p, t, u.",
    ]);
    expect((await invalid('netstat', { options: '-a -l -n -p -t -u -a -l' })).body.options).toEqual([
      'Ensure this field has no more than 20 characters.',
    ]);
  });

  it('ip-route: family other than 4 or 6', async () => {
    for (const family of [0, 5, 46, -4]) expect((await invalid('ip-route', { family })).body.family).toEqual(['Must be 4 or 6.']);
  });

  it('tcpdump: interface, count and filter', async () => {
    expect((await invalid('tcpdump', { interface: 'eth99' })).body.interface).toEqual(["Unknown interface 'eth99'."]);
    for (const count of [0, 101, -1, 1e9]) {
      expect((await invalid('tcpdump', { count })).body.count).toEqual(['Ensure this value is between 1 and 100.']);
    }
    for (const filter of ['port 80 and -w /tmp/x', 'host a;b', 'x'.repeat(257), 'port\t80', 'host "a"']) {
      expect((await invalid('tcpdump', { filter })).body.filter).toEqual(['Invalid capture filter.']);
    }
  });

  it('several bad fields are all listed', async () => {
    const result = await invalid('tcpdump', { interface: 'nope', count: 0, filter: '$x' });
    expect(Object.keys(result.body).sort()).toEqual(['code', 'count', 'detail', 'filter', 'interface']);
  });

  it('ssl-check: ports from the body and from the target', async () => {
    for (const body of [{ target: 'example.com', port: 0 }, { target: 'example.com', port: 65536 }, { target: 'example.com:99999' }, { target: 'example.com:x' }, { target: '[::1]:' }]) {
      expect((await invalid('ssl-check', body)).body.port).toEqual(['Enter a valid port number.']);
    }
    expect((await invalid('ssl-check', { target: 'https://' })).body.target).toEqual(['Target domain is required']);
    expect((await invalid('ssl-check', { target: 'user@example.com' })).body.target).toEqual(['Enter a valid hostname, IPv4 or IPv6 address.']);
  });

  it('nmap: networks too large or outside the allowed networks', async () => {
    const options = { allowedNetworks: ['127.213.0.0/16'] };
    expect((await invalid('nmap', { target: '127.213.0.0/23' }, options)).body.target).toEqual(['Enter a valid hostname, IPv4 or IPv6 address.']);
    expect((await invalid('nmap', { target: '127.0.0.1' }, options)).body.target).toEqual(['127.0.0.1 is outside the allowed networks.']);
    expect((await invalid('nmap', { target: '127.212.255.128/24' }, options)).body.target).toEqual([
      '127.212.255.128/24 is outside the allowed networks.',
    ]);
    expect((await invalid('nmap', { target: '::1' }, options)).body.target).toEqual(['::1 is outside the allowed networks.']);
  });
});

describe('ssl-check targets', () => {
  it.each([
    [{ target: 'https://example.com/path?q=1' }, 'tls-check example.com:443'],
    [{ target: 'HTTP://example.com:8443/' }, 'tls-check example.com:8443'],
    [{ target: '127.0.0.1:8443' }, 'tls-check 127.0.0.1:8443'],
    [{ target: '[::1]:8443' }, 'tls-check [::1]:8443'],
    [{ target: '::1' }, 'tls-check [::1]:443'],
    [{ target: 'example.com', port: 993 }, 'tls-check example.com:993'],
  ])('%j → %s', async (body, command) => {
    // The probe is replaced: only what the plan says it would check matters here.
    const tlsProbe = async () => {
      throw new Error('not connected in this test');
    };
    const { service } = spiedService({ tlsProbe, resolveHost: async () => ['127.0.0.1'] });
    const response = await service.runTool('ssl-check', body, { userId: 1 });
    expect(response.command).toBe(command);
    expect([response.status, response.output, response.exit_code]).toEqual(['error', 'Error: not connected in this test', null]);
  });
});
