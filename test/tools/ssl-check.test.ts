import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdata, startDnsResponder, T, type DnsResponder } from './helpers/dns-responder.js';
import { spiedService } from './helpers/service.js';
import { makeCa, makeLeaf, makeSelfSignedEc, opensslText, startTlsServer, type LocalTlsServer, type Pem } from './helpers/tls-server.js';

const user = { userId: 1 };
let dir: string;
let dns: DnsResponder;
let ca: Pem;
let good: LocalTlsServer;
let goodLeaf: Pem;
let expiring: LocalTlsServer;
let selfSigned: LocalTlsServer;

/** The server side sees the handshake a moment after the client: wait for it. */
async function lastServerName(server: LocalTlsServer, count: number): Promise<string | null | undefined> {
  for (let i = 0; i < 100 && server.serverNames.length < count; i++) await new Promise((r) => setTimeout(r, 10));
  return server.serverNames[count - 1];
}

const field = (output: string, name: string) => output.split('\n').find((line) => line.startsWith(`${name}: `))?.slice(name.length + 2);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'everyst-ssl-'));
  dns = await startDnsResponder(
    new Map([
      ['secure.test', [{ type: T.A, ttl: 60, data: rdata.a('127.0.0.1') }]],
      ['other.test', [{ type: T.A, ttl: 60, data: rdata.a('127.0.0.1') }]],
    ]),
  );
  ca = await makeCa(dir);
  goodLeaf = await makeLeaf(dir, 'good', ca, 90, 'DNS:secure.test,IP:127.0.0.1');
  good = await startTlsServer(goodLeaf, [ca.cert]);
  expiring = await startTlsServer(await makeLeaf(dir, 'expiring', ca, 5, 'DNS:secure.test'), [ca.cert]);
  selfSigned = await startTlsServer(await makeSelfSignedEc(dir));
});

afterAll(async () => {
  await Promise.all([good?.close(), expiring?.close(), selfSigned?.close(), dns?.close()]);
  await rm(dir, { recursive: true, force: true });
});

const service = () => spiedService({ dnsServers: [dns.address], dnsPort: dns.port, extraCa: [ca.cert] }).service;

describe('ssl-check against a local TLS server', () => {
  it('reports a valid certificate, with SNI and the name resolved through DNS_SERVERS', async () => {
    const seen = good.serverNames.length;
    const r = await service().runTool('ssl-check', { target: `https://secure.test:${good.port}/login` }, user);
    expect([r.status, r.exit_code, r.command]).toEqual(['success', null, `tls-check secure.test:${good.port}`]);
    const lines = r.output.split('\n');
    expect(lines[0]).toBe(`Server certificate: secure.test:${good.port}`);
    expect(field(r.output, 'Subject')).toBe('CN = secure.test, O = Example Inc, C = US');
    expect(field(r.output, 'Issuer')).toBe('CN = Everyst Test CA, O = Everyst Test, C = US');
    expect(field(r.output, 'Valid From')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000\+00:00$/);
    expect(field(r.output, 'Days Left')).toBe('89');
    expect(field(r.output, 'Version')).toBe('3');
    expect(field(r.output, 'Signature Algorithm')).toBe('sha256WithRSAEncryption');
    expect(field(r.output, 'Public Key Algorithm')).toBe('RSA (2048 bits)');
    expect(field(r.output, 'Protocol')).toBe('TLSv1.3');
    expect(field(r.output, 'Cipher Suite')).toMatch(/^TLS_AES_\d+_GCM_SHA\d+$|^TLS_CHACHA20/);
    expect(field(r.output, 'Subject Alternative Names')).toBe('DNS:secure.test, IP Address:127.0.0.1');
    expect(field(r.output, 'Verification')).toBe('OK');
    expect(lines.slice(-5)).toEqual([
      'Certificate chain:',
      ' 0 s: CN = secure.test, O = Example Inc, C = US',
      '   i: CN = Everyst Test CA, O = Everyst Test, C = US',
      ' 1 s: CN = Everyst Test CA, O = Everyst Test, C = US',
      '   i: CN = Everyst Test CA, O = Everyst Test, C = US',
    ]);
    expect(await lastServerName(good, seen + 1)).toBe('secure.test');
  });

  it('shows the serial number and validity as openssl reads them', async () => {
    const r = await service().runTool('ssl-check', { target: 'secure.test', port: good.port }, user);
    const text = await opensslText(goodLeaf.cert, dir);
    const serial = text.match(/Serial Number:\s*\n\s*([0-9a-f:]+)/)?.[1] ?? '';
    expect(field(r.output, 'Serial Number')).toBe(serial.toUpperCase().replace(/^00:/, ''));
    const notAfter = text.match(/Not After : (.+)/)?.[1] ?? '';
    expect(field(r.output, 'Valid To')).toBe(new Date(notAfter).toISOString().replace('Z', '+00:00'));
  });

  it('an IP address target is checked against the IP SAN and sent without SNI', async () => {
    const seen = good.serverNames.length;
    const r = await service().runTool('ssl-check', { target: `127.0.0.1:${good.port}` }, user);
    expect(field(r.output, 'Verification')).toBe('OK');
    expect(r.status).toBe('success');
    expect(await lastServerName(good, seen + 1)).toBeNull();
  });

  it('a name the certificate does not cover is a warning', async () => {
    const r = await service().runTool('ssl-check', { target: 'other.test', port: good.port }, user);
    expect(r.status).toBe('warning');
    expect(field(r.output, 'Verification')).toMatch(/^FAILED \(.*other\.test.*\)$/);
  });

  it('fewer than 14 days left is a warning', async () => {
    const r = await service().runTool('ssl-check', { target: 'secure.test', port: expiring.port }, user);
    expect(field(r.output, 'Verification')).toBe('OK');
    expect(field(r.output, 'Days Left')).toBe('4');
    expect(r.status).toBe('warning');
  });

  it('a self-signed certificate fails verification (EC key shown)', async () => {
    const r = await service().runTool('ssl-check', { target: 'secure.test', port: selfSigned.port }, user);
    expect(r.status).toBe('warning');
    expect(field(r.output, 'Verification')).toBe('FAILED (self-signed certificate)');
    expect(field(r.output, 'Public Key Algorithm')).toBe('EC (prime256v1)');
    expect(field(r.output, 'Signature Algorithm')).toBe('ecdsa-with-SHA256');
  });

  it('without the test CA the chain does not verify against the system store', async () => {
    const { service: plain } = spiedService({ dnsServers: [dns.address], dnsPort: dns.port });
    const r = await plain.runTool('ssl-check', { target: 'secure.test', port: good.port }, user);
    expect(r.status).toBe('warning');
    expect(field(r.output, 'Verification')).toMatch(/^FAILED \((self-signed certificate in certificate chain|unable to get local issuer certificate)\)$/);
  });

  it('no TLS connection is an error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const r = await service().runTool('ssl-check', { target: '127.0.0.1', port }, user);
    expect([r.status, r.output]).toEqual(['error', `Error: connect ECONNREFUSED 127.0.0.1:${port}`]);
  });

  it('a name that does not resolve is an error', async () => {
    const r = await service().runTool('ssl-check', { target: 'missing.test' }, user);
    expect([r.status, r.output]).toEqual(['error', 'Error: Could not resolve missing.test.']);
  });
});
