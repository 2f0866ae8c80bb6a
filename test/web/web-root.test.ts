import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const root = mkdtempSync(join(tmpdir(), 'everyst-web-'));

beforeAll(async () => {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Everyst</title><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, '.env'), 'SECRET=1');
  t = await createTestApp('sqlite', { EVERYST_WEB_ROOT: root });
});
afterAll(() => t.close());

const get = (url: string, accept = 'text/html,application/xhtml+xml', method: 'GET' | 'HEAD' = 'GET') =>
  t.app.http.inject({ method, url, headers: { accept } });

describe('web root', () => {
  it('serves index.html at / without caching', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toContain('<div id="root">');
  });

  it('serves hashed assets with long cache headers and other files for an hour', async () => {
    const js = await get('/assets/index-abc123.js', '*/*');
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const svg = await get('/favicon.svg', '*/*');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('public, max-age=3600');
    const head = await get('/favicon.svg', '*/*', 'HEAD');
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('falls back to index.html for client-side routes that accept HTML', async () => {
    for (const route of ['/login', '/network-map', '/summit', '/account']) {
      const res = await get(route);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('<title>Everyst</title>');
    }
  });

  it('never answers a probe path with the client page: 404 JSON pointing at the health routes', async () => {
    for (const probe of ['/healthz', '/livez', '/readyz', '/healthz/', '/readyz?verbose=1']) {
      const res = await get(probe, '*/*');
      expect(res.statusCode, probe).toBe(404);
      expect(res.json()).toEqual({ detail: 'Not found. Liveness: /api/health/, readiness: /api/health/ready/.', code: 'not_found' });
    }
  });

  it('answers other misses with a plain 404 and never serves dotfiles or paths outside the root', async () => {
    const missing = await get('/assets/missing.js', '*/*');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('text/plain');
    const json = await get('/some/route', 'application/json');
    expect(json.statusCode).toBe(404);
    const dot = await get('/.env', '*/*');
    expect(dot.body).not.toContain('SECRET');
    const escape = await get('/../../etc/passwd', '*/*');
    expect(escape.body).not.toContain('root:');
    const encoded = await get('/%2e%2e/%2e%2e/etc/passwd', '*/*');
    expect(encoded.body).not.toContain('root:');
    expect([400, 404]).toContain((await get('/%E0%A4%A', '*/*')).statusCode);
  });

  it('never shadows the API: API 404s stay JSON', async () => {
    const res = await get('/api/no-such-route/');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: 'Not found.', code: 'not_found' });
    const sock = await get('/socket.io/nothing');
    expect(sock.body).not.toContain('<title>Everyst</title>');
  });
});
