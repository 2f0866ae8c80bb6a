import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp('sqlite', { ALLOWED_HOSTS: 'localhost,.example.com,127.0.0.1', CORS_ALLOWED_ORIGINS: 'https://app.example.com' });
});
afterAll(() => t.close());

const inject = (opts: InjectOptions) => t.app.http.inject(opts);

describe('HTTP core', () => {
  it('serves health on /api and /api/v1, with or without the trailing slash', async () => {
    for (const url of ['/api/health/', '/api/health', '/api/v1/health/', '/api/v1/health']) {
      const res = await inject({ method: 'GET', url });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', service: 'everyst API', version: '1.0.0' });
      expect(res.json().timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    }
  });

  it('puts the security and tracing headers on every API response', async () => {
    const res = await inject({ method: 'GET', url: '/api/health/', headers: { 'x-request-id': 'abc.123-x' } });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-request-id']).toBe('abc.123-x');
    expect(res.headers['x-response-time']).toMatch(/^\d+$/);
    const generated = await inject({ method: 'GET', url: '/api/health/', headers: { 'x-request-id': 'bad id!' } });
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers JSON 404 and 405 with Allow', async () => {
    const missing = await inject({ method: 'GET', url: '/api/no-such-thing/' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Not found.', code: 'not_found' });
    const wrong = await inject({ method: 'DELETE', url: '/api/health/' });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.json()).toEqual({ detail: 'Method "DELETE" not allowed.', code: 'method_not_allowed' });
    expect(wrong.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('treats - and _ alike in fixed segments', async () => {
    const a = await inject({ method: 'GET', url: '/api/auth/first_run/' });
    const b = await inject({ method: 'GET', url: '/api/auth/first-run' });
    expect(a.statusCode).toBe(204);
    expect(b.statusCode).toBe(204);
  });

  it('rejects malformed, non-object, oversized and non-JSON bodies with JSON errors', async () => {
    const malformed = await inject({ method: 'POST', url: '/api/auth/login/', payload: '{"a":', headers: { 'content-type': 'application/json' } });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('parse_error');
    expect(malformed.json().detail).toMatch(/^JSON parse error - /);
    const array = await inject({ method: 'POST', url: '/api/auth/login/', payload: '[1,2]', headers: { 'content-type': 'application/json' } });
    expect(array.json()).toEqual({ detail: 'Expected a JSON object.', code: 'parse_error' });
    const big = await inject({ method: 'POST', url: '/api/auth/login/', payload: JSON.stringify({ a: 'x'.repeat(1_100_000) }), headers: { 'content-type': 'application/json' } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({ detail: 'Request body too large.', code: 'payload_too_large' });
    const text = await inject({ method: 'POST', url: '/api/auth/login/', payload: 'x', headers: { 'content-type': 'text/plain' } });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('unsupported_media_type');
  });

  it('accepts an empty JSON body as {}', async () => {
    const res = await inject({ method: 'POST', url: '/api/auth/login/', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().username).toEqual(['This field is required.']);
  });

  it('enforces ALLOWED_HOSTS on the Host header', async () => {
    const ok = await inject({ method: 'GET', url: '/api/health/', headers: { host: 'api.example.com:8000' } });
    expect(ok.statusCode).toBe(200);
    const bad = await inject({ method: 'GET', url: '/api/health/', headers: { host: 'evil.test' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ detail: 'Invalid Host header', code: 'invalid' });
  });

  it('answers CORS preflight only for configured origins, and OPTIONS with Allow otherwise', async () => {
    const pre = await inject({
      method: 'OPTIONS', url: '/api/health/',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
    });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(pre.headers['access-control-max-age']).toBe('86400');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const other = await inject({ method: 'OPTIONS', url: '/api/health/', headers: { origin: 'https://evil.test', 'access-control-request-method': 'GET' } });
    expect(other.statusCode).toBe(204);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect(other.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('requires a bearer token on protected routes with the documented 401', async () => {
    const res = await inject({ method: 'GET', url: '/api/users/me/' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    const basic = await inject({ method: 'GET', url: '/api/users/me/', headers: { authorization: 'Basic eDp5' } });
    expect(basic.statusCode).toBe(401);
  });

  it('publishes a valid OpenAPI 3.1 document and interactive docs', async () => {
    const res = await inject({ method: 'GET', url: '/api/schema/' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Everyst API');
    expect(Object.keys(doc.paths)).toContain('/api/health');
    expect(Object.keys(doc.paths)).toContain('/api/users/{id}/change-password');
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/') || p.includes('change_password'))).toBe(false);
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, { responses?: unknown }>>)) {
      for (const op of Object.values(item)) expect(op.responses, path).toBeDefined();
    }
    const docs = await inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('serves plain 404 text outside the API when no web client is configured', async () => {
    const res = await inject({ method: 'POST', url: '/whatever' });
    expect(res.statusCode).toBe(404);
  });
});
