import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer, type Server } from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Pem {
  key: string;
  cert: string;
}

/** A CA certificate made with the openssl program, in `dir`. */
export async function makeCa(dir: string): Promise<Pem> {
  const [key, cert] = [join(dir, 'ca.key'), join(dir, 'ca.crt')];
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/C=US/O=Everyst Test/CN=Everyst Test CA']);
  return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
}

/** A leaf certificate for `names` (SANs such as `DNS:secure.test`), signed by `ca`, valid for `days`. */
export async function makeLeaf(dir: string, name: string, ca: Pem, days: number, sans: string): Promise<Pem> {
  const p = (ext: string) => join(dir, `${name}.${ext}`);
  await writeFile(p('ca.key'), ca.key);
  await writeFile(p('ca.crt'), ca.cert);
  await writeFile(p('ext'), `subjectAltName=${sans}\n`);
  await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', p('key'), '-out', p('csr'), '-subj', '/C=US/O=Example Inc/CN=secure.test']);
  await run('openssl', ['x509', '-req', '-in', p('csr'), '-CA', p('ca.crt'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('crt'), '-days', String(days), '-sha256', '-extfile', p('ext')]);
  return { key: await readFile(p('key'), 'utf8'), cert: await readFile(p('crt'), 'utf8') };
}

/** A self-signed EC (prime256v1) certificate for secure.test. */
export async function makeSelfSignedEc(dir: string): Promise<Pem> {
  const [key, cert] = [join(dir, 'ec.key'), join(dir, 'ec.crt')];
  await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=secure.test', '-addext', 'subjectAltName=DNS:secure.test']);
  return { key: await readFile(key, 'utf8'), cert: await readFile(cert, 'utf8') };
}

export interface LocalTlsServer {
  port: number;
  /** The SNI name of each handshake (null when none was sent). */
  serverNames: (string | null)[];
  close(): Promise<void>;
}

/** A TLS server on 127.0.0.1 presenting `pem` (and `chain` after it). */
export async function startTlsServer(pem: Pem, chain: string[] = []): Promise<LocalTlsServer> {
  const serverNames: (string | null)[] = [];
  const server: Server = createServer({ key: pem.key, cert: [pem.cert, ...chain].join('\n') }, (socket) => {
    serverNames.push(typeof socket.servername === 'string' ? socket.servername : null);
    socket.on('error', () => undefined);
    socket.end();
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, serverNames, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** What the openssl program says of a certificate, for comparison. */
export async function opensslText(pemCert: string, dir: string): Promise<string> {
  const file = join(dir, `inspect-${Date.now()}-${Math.random()}.crt`);
  await writeFile(file, pemCert);
  return (await run('openssl', ['x509', '-noout', '-text', '-in', file])).stdout;
}
