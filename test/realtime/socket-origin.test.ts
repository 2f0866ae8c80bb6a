import { request } from 'node:http';
import { connect } from 'node:net';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/config.js';
import { createWorld, type World } from '../contract/harness.js';
import { testConfig } from '../helpers/app.js';

/** What a Socket.IO client sees: `connected`, or the message of its `connect_error`. */
function handshake(port: number, token: string, transport: 'websocket' | 'polling', headers: Record<string, string> = {}): Promise<string> {
  const socket = io(`http://127.0.0.1:${port}`, {
    path: '/socket.io/', transports: [transport], auth: { token }, extraHeaders: headers, reconnection: false, forceNew: true, timeout: 5000,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (e) => {
      socket.close();
      resolve(`refused: ${e.message}`);
    });
  });
}

/** The raw answer to the first polling request of a handshake (what a browser's XHR gets). */
function pollingOpen(port: number, headers: Record<string, string>): Promise<{ status: number; body: string; allowOrigin: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/socket.io/?EIO=4&transport=polling', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, allowOrigin: res.headers['access-control-allow-origin'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ENV = { API_PORT: '0', API_HOST: '127.0.0.1' };

describe('Socket.IO handshake origins with CORS off (default config)', () => {
  let w: World;
  let port: number;
  beforeAll(async () => {
    w = await createWorld('sqlite', ENV);
    port = await w.t.app.listen();
  });
  afterAll(async () => w?.close());

  it('accepts clients that send no Origin (Node, scripts) and same-origin pages, on both transports', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await handshake(port, w.owner.access, transport)).toBe('connected');
      expect(await handshake(port, w.owner.access, transport, { Origin: `http://127.0.0.1:${port}` })).toBe('connected');
    }
  });

  it('refuses a page of another origin before any session exists, on both transports', async () => {
    for (const transport of ['websocket', 'polling'] as const) {
      expect(await handshake(port, w.owner.access, transport, { Origin: 'https://evil.example' })).toMatch(/^refused/);
      // Same host name, other port: another origin.
      expect(await handshake(port, w.owner.access, transport, { Origin: `http://127.0.0.1:${port + 1}` })).toMatch(/^refused/);
      expect(await handshake(port, w.owner.access, transport, { Origin: 'null' })).toMatch(/^refused/);
    }
    const raw = await pollingOpen(port, { Origin: 'https://evil.example' });
    expect(raw).toEqual({ status: 403, body: JSON.stringify({ code: 4, message: 'Origin not allowed' }), allowOrigin: undefined });
  });

  it('ignores X-Forwarded-Host unless TRUST_PROXY is on', async () => {
    const proxied = { Origin: 'https://everyst.example', 'X-Forwarded-Host': 'everyst.example' };
    expect(await handshake(port, w.owner.access, 'websocket', proxied)).toMatch(/^refused/);
  });
});

describe('Socket.IO handshake origins behind a trusted proxy', () => {
  let w: World;
  let port: number;
  beforeAll(async () => {
    w = await createWorld('sqlite', { ...ENV, TRUST_PROXY: 'true' });
    port = await w.t.app.listen();
  });
  afterAll(async () => w?.close());

  it('compares the page origin with the forwarded host (TLS ended at the proxy)', async () => {
    const headers = { Origin: 'https://everyst.example', 'X-Forwarded-Host': 'everyst.example', 'X-Forwarded-Proto': 'https' };
    expect(await handshake(port, w.owner.access, 'websocket', headers)).toBe('connected');
    expect(await handshake(port, w.owner.access, 'websocket', { ...headers, Origin: 'https://evil.example' })).toMatch(/^refused/);
  });
});

describe('Socket.IO handshake origins with CORS configured', () => {
  let w: World;
  let port: number;
  beforeAll(async () => {
    w = await createWorld('sqlite', { ...ENV, CORS_ALLOWED_ORIGINS: 'https://app.example' });
    port = await w.t.app.listen();
  });
  afterAll(async () => w?.close());

  it('accepts the listed origins with the CORS headers, the same origin and origin-less clients; refuses others', async () => {
    expect(await handshake(port, w.owner.access, 'polling', { Origin: 'https://app.example' })).toBe('connected');
    expect(await handshake(port, w.owner.access, 'websocket', { Origin: 'https://app.example' })).toBe('connected');
    expect(await handshake(port, w.owner.access, 'websocket', { Origin: `http://127.0.0.1:${port}` })).toBe('connected');
    expect(await handshake(port, w.owner.access, 'websocket')).toBe('connected');
    expect(await handshake(port, w.owner.access, 'websocket', { Origin: 'https://evil.example' })).toMatch(/^refused/);
    const listed = await pollingOpen(port, { Origin: 'https://app.example' });
    expect([listed.status, listed.allowOrigin]).toEqual([200, 'https://app.example']);
    expect((await pollingOpen(port, { Origin: 'https://evil.example' })).status).toBe(403);
  });
});

describe('SOCKET_ALLOWED_ORIGINS', () => {
  let w: World;
  let port: number;
  beforeAll(async () => {
    w = await createWorld('sqlite', { ...ENV, SOCKET_ALLOWED_ORIGINS: 'https://wall.example' });
    port = await w.t.app.listen();
  });
  afterAll(async () => w?.close());

  it('is a list of origins or * alone; anything else stops the server', () => {
    expect(testConfig({ SOCKET_ALLOWED_ORIGINS: 'https://a.example, http://b.example:8080' }).config.socketAllowedOrigins).toEqual(['https://a.example', 'http://b.example:8080']);
    expect(testConfig({ SOCKET_ALLOWED_ORIGINS: '*' }).config.socketAllowedOrigins).toEqual(['*']);
    expect(testConfig().config.socketAllowedOrigins).toEqual([]);
    for (const value of ['wall.example', 'https://a.example/path', '*,https://a.example']) {
      expect(() => testConfig({ SOCKET_ALLOWED_ORIGINS: value }), value).toThrow(ConfigError);
    }
  });

  it('lets the listed pages open sockets while HTTP CORS stays off', async () => {
    expect(await handshake(port, w.owner.access, 'polling', { Origin: 'https://wall.example' })).toBe('connected');
    expect(await handshake(port, w.owner.access, 'websocket', { Origin: 'https://evil.example' })).toMatch(/^refused/);
    const api = await w.raw('GET', '/api/health/', { headers: { origin: 'https://wall.example' } });
    expect(api.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Socket.IO handshake with two Host headers', () => {
  let w: World;
  let port: number;
  beforeAll(async () => {
    w = await createWorld('sqlite', ENV);
    port = await w.t.app.listen();
  });
  afterAll(async () => w?.close());

  /** The status line a raw polling handshake gets for these Host lines. */
  function rawOpen(hosts: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(`GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n${hosts.map((h) => `Host: ${h}\r\n`).join('')}Connection: close\r\n\r\n`);
      });
      let text = '';
      socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
      socket.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
      socket.on('error', reject);
    });
  }

  it('refuses the handshake, as HTTP answers 400 for such a request', async () => {
    expect(await rawOpen([`127.0.0.1:${port}`])).toBe('HTTP/1.1 200 OK');
    expect(await rawOpen([`127.0.0.1:${port}`, 'evil.example'])).toMatch(/^HTTP\/1\.1 (400|403) /);
  });
});
