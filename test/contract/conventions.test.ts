import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectError } from './shapes.js';

const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Every method a fixed path lacks while a parametric sibling has it (`DELETE notifications/preferences/`). */
function shadowedMethods(doc: Json): Array<{ method: string; path: string; allow: string }> {
  const paths = new Map<string, string[]>();
  for (const [path, ops] of Object.entries(doc.paths as Record<string, object>)) {
    paths.set(path.replace(/(.)\/$/, '$1'), Object.keys(ops).map((m) => m.toUpperCase()).filter((m) => m !== 'HEAD'));
  }
  const out: Array<{ method: string; path: string; allow: string }> = [];
  for (const [fixed, own] of paths) {
    if (fixed.includes('{')) continue;
    for (const [param, methods] of paths) {
      if (!param.includes('{') || !new RegExp(`^${param.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(fixed)) continue;
      const allow = ORDER.filter((m) => own.includes(m) || (m === 'HEAD' && own.includes('GET')) || m === 'OPTIONS').join(', ');
      for (const method of methods.filter((m) => !own.includes(m))) out.push({ method, path: fixed, allow });
    }
  }
  return out;
}

describe.each(await databaseKinds())('path matching, errors and headers (README §Conventions) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind);
  });
  afterAll(() => w?.close());

  it('answers 405 with Allow, never 404, for a method a fixed path lacks even when a parametric sibling has it', async () => {
    const doc = (await w.raw('GET', '/api/schema/')).body;
    const cases = shadowedMethods(doc);
    expect(cases.map((c) => `${c.method} ${c.path}`)).toContain('DELETE /api/notifications/preferences');
    for (const { method, path, allow } of cases) {
      const res = await w.raw(method, `${path}/`, { as: w.owner, body: method === 'GET' ? undefined : {} });
      expect(res.status, `${method} ${path}`).toBe(405);
      expectError(res.body, 'method_not_allowed', `Method "${method}" not allowed.`);
      expect(res.headers.allow, `${method} ${path}`).toBe(allow);
    }
  });

  it('answers unknown paths 404 JSON and unsupported methods 405 with Allow', async () => {
    const unknown = await w.raw('GET', '/api/nothing/here/', { as: w.owner });
    expectStatus(unknown, 404);
    expectError(unknown.body, 'not_found', 'Not found.');
    const method = await w.raw('DELETE', '/api/health/');
    expectStatus(method, 405);
    expectError(method.body, 'method_not_allowed', 'Method "DELETE" not allowed.');
    expect(method.headers.allow).toBe('GET, HEAD, OPTIONS');
    const options = await w.raw('OPTIONS', '/api/notifications/preferences');
    expectStatus(options, 204);
    expect(options.headers.allow).toBe('GET, HEAD, PUT, PATCH, OPTIONS');
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('treats trailing slashes, /api/v1/ and -/_ spellings as one route, and accepts HEAD wherever GET is', async () => {
    for (const url of ['/api/users/me', '/api/users/me/', '/api/v1/users/me', '/api/v1/users/me/']) {
      const res = await w.raw('GET', url, { as: w.owner });
      expect(res.status, url).toBe(200);
      expect(res.headers.location).toBeUndefined();
    }
    expectStatus(await w.raw('GET', '/api/notifications/unread-count/', { as: w.owner }), 200);
    expectStatus(await w.raw('GET', '/api/Notifications/unread_count/', { as: w.owner }), 404);
    const head = await w.raw('HEAD', '/api/health/');
    expectStatus(head, 200);
    expect(head.text).toBe('');
  });

  it('answers 404, never 400, for ids of the wrong form', async () => {
    for (const url of ['/api/users/abc/', '/api/network/devices/123/', '/api/alerts/x/', '/api/metrics/1.5/']) {
      const res = await w.raw('GET', url, { as: w.owner });
      expect(res.status, url).toBe(404);
      expectError(res.body, 'not_found');
    }
  });

  it('reports bad bodies: invalid JSON, a non-object, too large', async () => {
    const bad = await w.raw('POST', '/api/notifications/', { as: w.owner, body: '{"title":', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expectStatus(bad, 400);
    expectError(bad.body, 'parse_error');
    expect(bad.body.detail).toMatch(/^JSON parse error - /);
    const array = await w.raw('POST', '/api/notifications/', { as: w.owner, body: '[1]' });
    expectStatus(array, 400);
    expectError(array.body, 'parse_error', 'Expected a JSON object.');
    const huge = await w.raw('POST', '/api/notifications/', { as: w.owner, body: JSON.stringify({ title: 'x', message: 'y'.repeat(1024 * 1024) }) });
    expectStatus(huge, 413);
    expectError(huge.body, 'payload_too_large', 'Request body too large.');
    const form = await w.raw('POST', '/api/notifications/', { as: w.owner, body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectStatus(form, 415);
    expectError(form.body, 'unsupported_media_type');
  });

  it('pages lists as README §Lists says', async () => {
    const empty = await w.raw('GET', '/api/alerts/', { as: w.owner });
    expect(empty.body).toEqual({ count: 0, next: null, previous: null, results: [] });
    for (const page of ['0', '-1', 'abc', '2']) {
      const res = await w.raw('GET', `/api/alerts/?page=${page}`, { as: w.owner });
      expect(res.status, `page=${page}`).toBe(404);
      expectError(res.body, 'not_found', 'Invalid page.');
    }
    const rules = (size: string) => w.raw('GET', `/api/alert-rules/?page_size=${size}`, { as: w.owner });
    expect((await rules('abc')).body.results).toHaveLength(8);
    expect((await rules('0')).body.results).toHaveLength(8);
    expect((await rules('100000')).body.results).toHaveLength(8);
    expect((await rules('3')).body.results).toHaveLength(3);
  });

  it('authenticates only with Bearer tokens and says so in WWW-Authenticate', async () => {
    const basic = await w.raw('GET', '/api/users/me/', { headers: { authorization: 'Basic b3duZXI6eA==' } });
    expectStatus(basic, 401);
    expect(basic.headers['www-authenticate']).toBe('Bearer realm="api"');
    const forged = await w.raw('GET', '/api/users/me/', { headers: { authorization: `Bearer ${w.owner.access.slice(0, -2)}xx` } });
    expectError(forged.body, 'token_not_valid', 'Given token not valid for any token type');
  });

  it('sends the common response headers', async () => {
    const res = await w.raw('GET', '/api/users/me/', { as: w.owner, headers: { 'x-request-id': 'trace-42.a_b' } });
    expect(res.headers).toMatchObject({
      'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY', 'referrer-policy': 'same-origin', 'x-request-id': 'trace-42.a_b',
    });
    expect(String(res.headers['x-response-time'])).toMatch(/^\d+$/);
    const fresh = await w.raw('GET', '/api/health/', { headers: { 'x-request-id': 'bad id!' } });
    expect(String(fresh.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });
});
