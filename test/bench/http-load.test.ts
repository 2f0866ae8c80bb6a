/**
 * The benchmarks' HTTP harness (bench/lib): wrk's load on loopback, and the bare Fastify that replays a reply of
 * the real app byte for byte.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { load } from '../../bench/lib/load.js';
import { captureReply, get } from '../../bench/lib/replay.js';
import { registerOwner, startBare } from '../../bench/lib/servers.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

describe('load (wrk)', () => {
  let server: Server;
  let base = '';
  let served = 0;
  let sawHeader = true;
  beforeAll(async () => {
    server = createServer((req, res) => {
      served++;
      sawHeader &&= req.headers['x-bench'] === 'yes';
      res.statusCode = req.url === '/failing' ? 503 : 200;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('counts the requests the server answered, with latencies, headers sent and the generator’s own CPU', async () => {
    served = 0;
    const r = await load(`${base}/ok`, { seconds: 1, connections: 4, headers: { 'x-bench': 'yes' } });
    expect(r.errors).toBe(0);
    expect(r.requests).toBeGreaterThan(100);
    expect(served - r.requests).toBeGreaterThanOrEqual(0);
    expect(served - r.requests).toBeLessThanOrEqual(4); // requests in flight when wrk stopped
    expect(sawHeader).toBe(true);
    expect(r.seconds).toBeGreaterThanOrEqual(0.9);
    expect(r.seconds).toBeLessThan(2);
    expect(r.p50).toBeGreaterThan(0);
    expect(r.p99).toBeGreaterThanOrEqual(r.p50);
    expect(r.clientCpuMs).toBeGreaterThan(0);
  });

  it('counts answers with status 503 as errors', async () => {
    const r = await load(`${base}/failing`, { seconds: 1, connections: 2 });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.errors).toBe(r.requests);
  });

  it('refuses a scheme other than http', async () => {
    await expect(load(`${base.replace('http:', 'https:')}/ok`, { seconds: 1, connections: 1 })).rejects.toThrow(/loopback/);
  });

  it('refuses an address off loopback, before sending anything', async () => {
    await expect(load('http://10.213.0.1/', { seconds: 1, connections: 1 })).rejects.toThrow(/loopback/);
  });
});

describe('bare Fastify replaying a reply of the real app', () => {
  let t: TestApp;
  let base = '';
  let token = '';
  beforeAll(async () => {
    t = await createTestApp();
    base = `http://127.0.0.1:${await t.app.listen()}`;
    token = await registerOwner(base);
  });
  afterAll(() => t.close());

  it('answers GET /replay with the same status, headers and bytes as the app, and still serves /hello', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const captured = await captureReply(`${base}/api/users/me/`, headers);
    expect(captured.json).toBe(true);
    const bare = await startBare(captured);
    try {
      const [fromApp, replayed, hello] = await Promise.all([
        get(`${base}/api/users/me/`, headers), get(`${bare.base}/replay`), get(`${bare.base}/hello`),
      ]);
      expect(replayed.status).toBe(200);
      expect(replayed.body.equals(fromApp.body)).toBe(true);
      expect(JSON.parse(replayed.body.toString())).toMatchObject({ username: 'bench' });
      for (const name of ['content-type', 'content-length', 'cache-control', 'x-content-type-options']) {
        expect(replayed.headers[name], name).toBe(fromApp.headers[name]);
      }
      expect(hello.body.toString()).toBe('{"hello":"world"}');
    } finally {
      await bare.stop();
    }
  });
});
