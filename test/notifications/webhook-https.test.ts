import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TLSSocket } from 'node:tls';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rdata, startDnsResponder, T, type DnsResponder } from '../tools/helpers/dns-responder.js';
import { makeCa, makeLeaf, type Pem } from '../tools/helpers/tls-server.js';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, 'fixtures/post-webhook.ts');

describe('webhook over HTTPS to the checked address', () => {
  let dir: string;
  let ca: Pem;
  let dns: DnsResponder;
  let server: Server;
  let port: number;
  const seen: { host?: string; servername: string | false | null }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'everyst-webhook-tls-'));
    ca = await makeCa(dir);
    const leaf = await makeLeaf(dir, 'hook', ca, 30, 'DNS:secure.test');
    server = createServer({ key: leaf.key, cert: leaf.cert }, (req, res) => {
      seen.push({ host: req.headers.host, servername: (req.socket as TLSSocket).servername });
      req.resume();
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    dns = await startDnsResponder(new Map([['secure.test', [{ type: T.A, ttl: 0, data: rdata.a('127.0.0.1') }]]]));
  }, 60_000);
  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await dns?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const post = async (url: string) => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', SCRIPT, url, dns.address, String(dns.port)], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: join(dir, 'ca.crt') }, timeout: 20_000,
    });
    return JSON.parse(stdout.trim()) as { status?: number; error?: string };
  };

  it('connects to the resolved address but checks the certificate, SNI and Host against the URL name', async () => {
    expect(await post(`https://secure.test:${port}/hook`)).toEqual({ status: 200 });
    expect(seen.at(-1)).toEqual({ host: `secure.test:${port}`, servername: 'secure.test' });
  });

  it('fails, with the one uniform text, when the certificate does not name the URL host', async () => {
    expect(await post(`https://127.0.0.1:${port}/hook`)).toEqual({ error: 'connection failed' });
  });
});
