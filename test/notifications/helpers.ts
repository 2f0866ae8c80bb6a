import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { io, type Socket } from 'socket.io-client';
export { sleep, waitFor } from '../helpers/wait.js';
export { api, type Json } from '../helpers/api.js';
import { type Json } from '../helpers/api.js';


/** A connected socket.io client that records every `notification` it receives. */
export interface TestSocket { socket: Socket; received: Json[]; close(): void }

export async function connectSocket(port: number, token: string): Promise<TestSocket> {
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
  const received: Json[] = [];
  socket.on('notification', (n: unknown) => received.push(n));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, received, close: () => socket.close() };
}

export interface ReceivedMail { envelopeTo: string[]; mail: ParsedMail; auth: { user?: string; pass?: string } | null }

/** An in-process SMTP server on loopback (no TLS); with `auth`, only those credentials are accepted. */
export async function startSmtpServer(auth?: { user: string; pass: string }) {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false, disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'], authOptional: !auth, allowInsecureAuth: true, logger: false,
    onAuth(a, _session, callback) {
      if (auth && a.username === auth.user && a.password === auth.pass) return callback(null, { user: a.username });
      return callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream).then((mail) => {
        mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), mail, auth: session.user ? { user: String(session.user) } : null });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address()).port;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedRequest { headers: IncomingHttpHeaders; body: string; status: number }

/** A loopback HTTP receiver; `statuses` are answered in turn (the last one repeats). */
export async function startReceiver(initial: number[] = [200]) {
  const statuses = [...initial];
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = statuses[Math.min(requests.length, statuses.length - 1)];
      requests.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    /** Mutable: push more statuses to change later answers. */
    statuses,
    delivered: () => requests.filter((r) => r.status >= 200 && r.status < 300),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** What a receiver does: recompute the HMAC of "<X-Everyst-Timestamp>.<raw body>" with the shared secret. */
export function signatureValid(request: ReceivedRequest, secret: string): boolean {
  const timestamp = String(request.headers['x-everyst-timestamp'] ?? '');
  const given = String(request.headers['x-everyst-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

/** A TCP listener on 127.0.0.1 that is not an HTTP server: `greet` is written on connect, then the socket closes. */
export async function startTcp(greet: string | null): Promise<{ url: string; close(): Promise<void> }> {
  const server: TcpServer = createTcpServer((socket) => {
    socket.on('error', () => undefined);
    socket.resume();
    if (greet === null) socket.destroy();
    else socket.end(greet);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, close: () => new Promise((r) => server.close(() => r())) };
}

/** A port on 127.0.0.1 nothing listens on. */
export async function closedPortUrl(): Promise<string> {
  const probe = await startTcp(null);
  await probe.close();
  return probe.url;
}
