import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCheckers, type Checkers } from '../../src/modules/monitors/checks/index.js';
import type { CheckResult, MonitorSpec } from '../../src/modules/monitors/monitor-types.js';
import { makeCa, makeLeaf, makeSelfSignedEc, startTlsServer, type LocalTlsServer, type Pem } from '../tools/helpers/tls-server.js';
import { rdata, startDnsResponder, T, type DnsResponder } from '../tools/helpers/dns-responder.js';

const spec = (over: Partial<MonitorSpec>): MonitorSpec => ({
  id: 'm', name: 'm', type: 'http', target: null, port: null, interval_s: 60, timeout_s: 2, retries: 0, retry_interval_s: 60, resend_every: 0,
  http: { method: 'GET', headers: {}, body: null, accepted_status: ['200-299'], max_redirects: 10, ignore_tls: false, basic_auth: null },
  keyword: null, invert_keyword: false, json_path: null, expected_value: null, dns: null, tls_expiry_days: 0, device_id: null,
  push_token: null, tags: [], channels: [], active: true, ...over,
});
const http = (over: Partial<MonitorSpec['http'] & object>) => ({ ...spec({}).http!, ...over });

async function listen<S extends Server | ReturnType<typeof createTcpServer>>(server: S): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('monitor checks against loopback servers', () => {
  let checkers: Checkers;
  let web: Server;
  let port = 0;
  const connections = new Set<Socket>();
  const seen: Array<{ method?: string; url?: string; auth?: string; body: string; custom?: string }> = [];
  let dir: string;
  let selfSigned: Pem;
  let expiring: Pem;
  const closers: Array<() => unknown> = [];

  const check = (m: Partial<MonitorSpec>, timeoutMs = 2000): Promise<CheckResult> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    return checkers.check(spec(m), { signal: controller.signal, timeoutMs, dnsServers: [] }).finally(() => clearTimeout(timer));
  };

  beforeAll(async () => {
    checkers = createCheckers({ dnsServers: [] });
    web = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body, custom: req.headers['x-check'] as string | undefined });
        const url = req.url ?? '/';
        if (url === '/ok') res.end('service healthy');
        else if (url === '/json') res.setHeader('content-type', 'application/json').end(JSON.stringify({ status: 'green', data: { items: [{ state: 'ok' }] } }));
        else if (url === '/missing') res.writeHead(404).end('no');
        else if (url.startsWith('/hop/')) {
          const n = Number(url.slice(5));
          res.writeHead(302, { location: n > 0 ? `/hop/${n - 1}` : '/ok' }).end();
        } else if (url === '/loop') res.writeHead(301, { location: '/loop' }).end();
        else if (url === '/hang') { /* never answers */ } else res.end('?');
      });
    });
    web.on('connection', (s) => {
      connections.add(s);
      s.on('close', () => connections.delete(s));
    });
    port = await listen(web);
    dir = mkdtempSync(join(tmpdir(), 'everyst-monitor-tls-'));
    selfSigned = await makeSelfSignedEc(dir);
    const ca = await makeCa(dir);
    expiring = await makeLeaf(dir, 'soon', ca, 3, 'IP:127.0.0.1');
  });
  afterAll(async () => {
    await checkers.close();
    for (const s of connections) s.destroy();
    web.close();
    for (const close of closers) await close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('http: accepted status ranges, and the status text in the message', async () => {
    expect(await check({ target: `http://127.0.0.1:${port}/ok` })).toMatchObject({ status: 'up', message: '200 - OK' });
    const missing = await check({ target: `http://127.0.0.1:${port}/missing` });
    expect(missing).toMatchObject({ status: 'down', message: '404 - Not Found (expected 200-299)' });
    expect((await check({ target: `http://127.0.0.1:${port}/missing`, http: http({ accepted_status: ['200-299', '404'] }) })).status).toBe('up');
  });

  it('http: follows redirects up to max_redirects, judges a 3xx by the ranges at 0, and stops loops', async () => {
    expect((await check({ target: `http://127.0.0.1:${port}/hop/3`, http: http({ max_redirects: 4 }) })).status).toBe('up');
    expect(await check({ target: `http://127.0.0.1:${port}/hop/3`, http: http({ max_redirects: 2 }) })).toMatchObject({ status: 'down', message: 'Too many redirects (more than 2)' });
    expect((await check({ target: `http://127.0.0.1:${port}/hop/0`, http: http({ max_redirects: 0 }) })).message).toMatch(/^302/);
    expect((await check({ target: `http://127.0.0.1:${port}/hop/0`, http: http({ max_redirects: 0, accepted_status: ['300-399'] }) })).status).toBe('up');
    expect((await check({ target: `http://127.0.0.1:${port}/loop` })).message).toMatch(/Too many redirects/);
  });

  it('http: sends method, headers, body and basic auth', async () => {
    seen.length = 0;
    await check({ target: `http://127.0.0.1:${port}/ok`, http: http({ method: 'POST', headers: { 'x-check': 'yes' }, body: '{"a":1}', basic_auth: { username: 'mon', password: 's3cret' } }) });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/ok', body: '{"a":1}', custom: 'yes', auth: `Basic ${Buffer.from('mon:s3cret').toString('base64')}` });
  });

  it('sends credentials to the monitored origin only, never to where it redirects', async () => {
    const other = createServer((req, res) => {
      seen.push({ url: `other${req.url}`, auth: req.headers.authorization, body: '', custom: req.headers.cookie as string | undefined });
      res.end('ok');
    });
    const otherPort = await listen(other);
    closers.push(() => other.close());
    const hopper = createServer((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${otherPort}/landing` }).end());
    const hopPort = await listen(hopper);
    closers.push(() => hopper.close());
    seen.length = 0;
    const r = await check({ target: `http://127.0.0.1:${hopPort}/`, http: http({ headers: { cookie: 'session=1' }, basic_auth: { username: 'u', password: 'p' } }) });
    expect(r.status).toBe('up');
    expect(seen).toEqual([{ url: 'other/landing', auth: undefined, body: '', custom: undefined }]);
  });

  it('keeps one connection per origin alive across checks', async () => {
    const before = new Set(connections);
    for (let i = 0; i < 5; i++) await check({ target: `http://127.0.0.1:${port}/ok` });
    expect([...connections].filter((s) => !before.has(s)).length).toBeLessThanOrEqual(1);
  });

  it('keyword (and inverted) and json-query', async () => {
    expect((await check({ type: 'keyword', target: `http://127.0.0.1:${port}/ok`, keyword: 'healthy' })).status).toBe('up');
    expect(await check({ type: 'keyword', target: `http://127.0.0.1:${port}/ok`, keyword: 'Healthy' })).toMatchObject({ status: 'down', message: 'Keyword "Healthy" not found' });
    expect(await check({ type: 'keyword', target: `http://127.0.0.1:${port}/ok`, keyword: 'healthy', invert_keyword: true })).toMatchObject({ status: 'down', message: 'Keyword "healthy" found' });
    expect((await check({ type: 'json-query', target: `http://127.0.0.1:${port}/json`, json_path: 'status', expected_value: 'green' })).status).toBe('up');
    expect((await check({ type: 'json-query', target: `http://127.0.0.1:${port}/json`, json_path: '$.data.items[0].state', expected_value: 'ok' })).status).toBe('up');
    expect(await check({ type: 'json-query', target: `http://127.0.0.1:${port}/json`, json_path: 'status', expected_value: 'red' })).toMatchObject({ status: 'down', message: 'Expected "red", got "green"' });
    expect((await check({ type: 'json-query', target: `http://127.0.0.1:${port}/ok`, json_path: 'status', expected_value: 'x' })).message).toBe('The response is not JSON');
  });

  it('a check that outlives its timeout is down and its connection is closed', async () => {
    const before = connections.size;
    const started = Date.now();
    expect(await check({ target: `http://127.0.0.1:${port}/hang` }, 500)).toEqual({ status: 'down', responseMs: null, message: 'Timeout after 0.5 s' });
    expect(Date.now() - started).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(connections.size).toBeLessThanOrEqual(before);
  });

  it('https: a self-signed certificate is down unless ignore_tls; the expiry is reported and judged', async () => {
    const server = createHttpsServer({ key: selfSigned.key, cert: selfSigned.cert }, (_req, res) => res.end('tls ok'));
    const tlsPort = await listen(server);
    closers.push(() => server.close());
    const target = `https://127.0.0.1:${tlsPort}/`;
    expect(await check({ target })).toMatchObject({ status: 'down', message: 'TLS error: self-signed certificate' });
    const ignored = await check({ target, http: http({ ignore_tls: true }) });
    expect(ignored.status).toBe('up');
    expect(Date.parse(ignored.certExpiresAt!)).toBeGreaterThan(Date.now());

    const soon = createHttpsServer({ key: expiring.key, cert: expiring.cert }, (_req, res) => res.end('soon'));
    const soonPort = await listen(soon);
    closers.push(() => soon.close());
    expect(await check({ target: `https://127.0.0.1:${soonPort}/`, http: http({ ignore_tls: true }), tls_expiry_days: 14 }))
      .toMatchObject({ status: 'down', message: 'Certificate expires in 2 days' });
  });

  it('tcp: open and refused ports', async () => {
    const listener = createTcpServer((s) => s.end());
    const open = await listen(listener);
    expect(await check({ type: 'tcp', target: '127.0.0.1', port: open })).toMatchObject({ status: 'up', message: `Port ${open} open` });
    listener.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await check({ type: 'tcp', target: '127.0.0.1', port: open })).toMatchObject({ status: 'down', message: 'Connection refused' });
  });

  it('tls: an untrusted chain is down with the reason; expiry within tls_expiry_days is down', async () => {
    let server: LocalTlsServer = await startTlsServer(expiring);
    closers.push(() => server.close());
    expect(await check({ type: 'tls', target: '127.0.0.1', port: server.port, tls_expiry_days: 14 })).toMatchObject({ status: 'down', message: 'TLS error: unable to verify the certificate' });
    server = await startTlsServer(selfSigned);
    closers.push(() => server.close());
    expect((await check({ type: 'tls', target: '127.0.0.1', port: server.port })).message).toBe('TLS error: self-signed certificate');
  });

  it('ping: 127.0.0.1 and ::1 answer, in one fping per family', async () => {
    const results = await Promise.all([check({ type: 'ping', target: '127.0.0.1' }), check({ type: 'ping', target: '127.0.0.2' }), check({ type: 'ping', target: '::1' })]);
    expect(results.map((r) => r.status)).toEqual(['up', 'up', 'up']);
    expect(results[0].message).toMatch(/^Reply from 127\.0\.0\.1 in [\d.]+ ms$/);
  });

  describe('dns', () => {
    let dns: DnsResponder;
    beforeAll(async () => {
      dns = await startDnsResponder(new Map([
        ['app.test', [{ type: T.A, ttl: 60, data: rdata.a('10.213.0.5') }, { type: T.A, ttl: 60, data: rdata.a('10.213.0.6') }]],
        ['mail.test', [{ type: T.MX, ttl: 60, data: rdata.mx(10, 'mx1.mail.test') }]],
        ['txt.test', [{ type: T.TXT, ttl: 60, data: rdata.txt('v=spf1 -all') }]],
      ]));
      closers.push(() => dns.close());
    });
    const dnsCheck = (target: string, record_type: 'A' | 'MX' | 'TXT', expected_value: string | null = null) =>
      check({ type: 'dns', target, expected_value, dns: { record_type, resolver: dns.address, port: dns.port } });

    it('answers, expected values and missing names', async () => {
      expect(await dnsCheck('app.test', 'A')).toMatchObject({ status: 'up', message: '10.213.0.5, 10.213.0.6' });
      expect((await dnsCheck('app.test', 'A', '10.213.0.6')).status).toBe('up');
      expect(await dnsCheck('app.test', 'A', '10.213.0.9')).toMatchObject({ status: 'down', message: 'Expected "10.213.0.9", got 10.213.0.5, 10.213.0.6' });
      expect((await dnsCheck('mail.test', 'MX', '10 mx1.mail.test')).status).toBe('up');
      expect((await dnsCheck('txt.test', 'TXT', 'v=spf1 -all')).status).toBe('up');
      expect(await dnsCheck('nope.test', 'A')).toMatchObject({ status: 'down', message: `NXDOMAIN from ${dns.address}` });
    });

    it('a silent server ends at the timeout', async () => {
      const silent = (await import('node:dgram')).createSocket('udp4');
      await new Promise<void>((r) => silent.bind(0, '127.0.0.1', r));
      closers.push(() => silent.close());
      const r = await check({ type: 'dns', target: 'app.test', dns: { record_type: 'A', resolver: '127.0.0.1', port: silent.address().port } }, 600);
      expect(r).toMatchObject({ status: 'down', message: 'Timeout after 0.6 s' });
    });
  });
});
