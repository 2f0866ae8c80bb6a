import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { rdata, startDnsResponder, T, type DnsResponder } from '../tools/helpers/dns-responder.js';
import { makeSelfSignedEc, startTlsServer, type LocalTlsServer } from '../tools/helpers/tls-server.js';
import { contract, createWorld, expectStatus, type Res, type World } from './harness.js';
import { expectError, expectInvalid, expectShape, PERMISSION_DENIED } from './shapes.js';
import { ToolResult } from './shapes-host.js';

/**
 * Only loopback is touched: ping/traceroute/nmap 127.0.0.1 (the only scan-allowed address), DNS through a
 * responder this test starts on a loopback address, TLS against a local server. whois would reach the
 * internet, so only its refusals are checked.
 */
const isRoot = process.getuid?.() === 0;

function expectRan(res: Res, tool: string): void {
  expectStatus(res, 200);
  expectShape(res.body, ToolResult, `${tool} result`);
  expect(res.body.tool).toBe(tool);
}

describe.each(await databaseKinds())('network tools (rest.md §10, tools.md) on %s', (kind) => {
  let w: World;
  let dns: DnsResponder;
  let tls: LocalTlsServer;
  let certDir: string;
  beforeAll(async () => {
    dns = await startDnsResponder(new Map([['host.test', [{ type: T.A, ttl: 300, data: rdata.a('127.0.0.10') }]]]));
    certDir = mkdtempSync(join(tmpdir(), 'everyst-contract-tls-'));
    tls = await startTlsServer(await makeSelfSignedEc(certDir));
    w = await createWorld(kind, {
      SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false', TOOLS_RATE_PER_MINUTE: '1000', DNS_SERVERS: dns.address,
    }, ['manager', 'user', 'viewer']);
  });
  afterAll(async () => {
    await w?.close();
    await Promise.all([dns?.close(), tls?.close()]);
    if (certDir) rmSync(certDir, { recursive: true, force: true });
  });

  contract('POST tools/ping/', async () => {
    const res = await w.call('POST tools/ping/', { as: w.users.user, body: { target: '127.0.0.1' } });
    expectRan(res, 'ping');
    expect(res.body).toMatchObject({ status: 'success', exit_code: 0, truncated: false, command: 'ping -4 -c 4 -W 2 -- 127.0.0.1' });
    const missing = await w.call('POST tools/ping/', { as: w.users.user, body: {} });
    expectStatus(missing, 400);
    expectError(missing.body, 'invalid', 'target: Target host is required', ['target']);
    const denied = await w.call('POST tools/ping/', { as: w.users.viewer, body: { target: '127.0.0.1' } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  }, 30_000);

  contract('POST tools/nmap/', async () => {
    const res = await w.call('POST tools/nmap/', { as: w.users.manager, body: { target: '127.0.0.1' } });
    expectRan(res, 'nmap');
    const outside = await w.call('POST tools/nmap/', { as: w.users.manager, body: { target: '10.213.9.1' } });
    expectStatus(outside, 400);
    expectError(outside.body, 'invalid', 'target: 10.213.9.1 is outside the allowed networks.', ['target']);
    expectStatus(await w.call('POST tools/nmap/', { as: w.users.user, body: { target: '127.0.0.1' } }), 403);
  }, 130_000);

  contract('POST tools/dig/', async () => {
    if (isRoot) {
      const res = await w.call('POST tools/dig/', { as: w.users.user, body: { target: 'host.test', record_type: 'a' } });
      expectRan(res, 'dig');
      expect(res.body.output).toContain('127.0.0.10');
    }
    const bad = await w.call('POST tools/dig/', { as: w.users.user, body: { target: 'host.test', record_type: 'XYZ' } });
    expectStatus(bad, 400);
    expectInvalid(bad.body, 'record_type');
    expect(bad.body.record_type).toEqual(['Unsupported record type. Use one of: A, AAAA, ANY, CAA, CNAME, DNSKEY, DS, MX, NS, PTR, SOA, SRV, TXT.']);
  });

  contract('POST tools/nslookup/', async () => {
    if (isRoot) {
      const res = await w.call('POST tools/nslookup/', { as: w.users.user, body: { target: 'host.test' } });
      expectRan(res, 'nslookup');
      expect(res.body.output).toContain('127.0.0.10');
    }
    const bad = await w.call('POST tools/nslookup/', { as: w.users.user, body: { target: '-x.test' } });
    expectStatus(bad, 400);
    expectError(bad.body, 'invalid', 'target: Enter a valid hostname, IPv4 or IPv6 address.', ['target']);
  });

  contract('POST tools/traceroute/', async () => {
    const res = await w.call('POST tools/traceroute/', { as: w.users.user, body: { target: '127.0.0.1' } });
    expectRan(res, 'traceroute');
    expect(res.body.output).toContain('127.0.0.1');
  }, 70_000);

  contract('POST tools/whois/', async () => {
    const missing = await w.call('POST tools/whois/', { as: w.users.user, body: { target: '' } });
    expectStatus(missing, 400);
    expectError(missing.body, 'invalid', 'target: Target domain or IP is required', ['target']);
    const typed = await w.call('POST tools/whois/', { as: w.users.user, body: { target: 42 } });
    expectStatus(typed, 400);
    expectError(typed.body, 'invalid', 'target: Must be a string.', ['target']);
    expectStatus(await w.call('POST tools/whois/', { as: w.users.viewer, body: { target: 'example.com' } }), 403);
  });

  contract('POST tools/ssl-check/', async () => {
    const res = await w.call('POST tools/ssl-check/', { as: w.users.user, body: { target: `https://127.0.0.1:${tls.port}/path` } });
    expectRan(res, 'ssl-check');
    expect(res.body.exit_code).toBeNull();
    const badPort = await w.call('POST tools/ssl-check/', { as: w.users.user, body: { target: '127.0.0.1', port: 70000 } });
    expectStatus(badPort, 400);
    expectError(badPort.body, 'invalid', 'port: Enter a valid port number.', ['port']);
  });

  contract('POST tools/netstat/', async () => {
    const res = await w.call('POST tools/netstat/', { as: w.users.user, body: { options: '-tln' } });
    expectRan(res, 'netstat');
    const bad = await w.call('POST tools/netstat/', { as: w.users.user, body: { options: '-x' } });
    expectStatus(bad, 400);
    expectError(bad.body, 'invalid', "options: Unsupported netstat option 'x'. Allowed: a, l, n, p, t, u.", ['options']);
  });

  contract('POST tools/ip-route/', async () => {
    const res = await w.call('POST tools/ip-route/', { as: w.users.user, body: {} });
    expectRan(res, 'ip-route');
    expect(res.body.status).toBe('success');
    const bad = await w.call('POST tools/ip-route/', { as: w.users.user, body: { family: 5 } });
    expectError(bad.body, 'invalid', 'family: Must be 4 or 6.', ['family']);
  });

  contract('POST tools/tcpdump/', async () => {
    if (isRoot) {
      // A filter tcpdump cannot compile: it runs and fails at once, without capturing anything.
      const res = await w.call('POST tools/tcpdump/', { as: w.users.manager, body: { interface: 'lo', filter: 'port 99999', count: 1 } });
      expectRan(res, 'tcpdump');
      expect(res.body.status).toBe('error');
    }
    const bad = await w.call('POST tools/tcpdump/', { as: w.users.manager, body: { interface: 'lo', count: 0 } });
    expectStatus(bad, 400);
    expectError(bad.body, 'invalid', 'count: Ensure this value is between 1 and 100.', ['count']);
    expectStatus(await w.call('POST tools/tcpdump/', { as: w.users.user, body: {} }), 403);
  });
});
