/**
 * What the HTTP core does with input it does not take: bodies of another content type, body-less requests,
 * pages no database can hold, and an ambiguous Host.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { api, type Json } from '../helpers/api.js';
import { databaseKinds } from '../helpers/databases.js';
import { bearer, registerOwner, type Session } from '../helpers/factories.js';

let t: TestApp;
let owner: Session;
beforeAll(async () => {
  t = await createTestApp('sqlite');
  owner = await registerOwner(t.app);
});
afterAll(() => t.close());

const MULTIPART = { 'content-type': 'multipart/form-data; boundary=x' };
const UNSUPPORTED = { detail: 'Unsupported media type in request.', code: 'unsupported_media_type' };

describe('bodies a JSON route does not take', () => {
  const routes: Array<{ method: 'POST' | 'PUT'; url: string; signedIn: boolean }> = [
    { method: 'POST', url: '/api/auth/login/', signedIn: false },
    { method: 'POST', url: '/api/auth/refresh/', signedIn: false },
    { method: 'POST', url: '/api/auth/logout/', signedIn: true },
    { method: 'POST', url: '/api/network/devices/', signedIn: true },
    { method: 'POST', url: '/api/alerts/', signedIn: true },
    { method: 'PUT', url: '/api/users/1/', signedIn: true },
  ];

  it('multipart/form-data on a JSON route answers 415 and changes nothing', async () => {
    const before = (await api(t.app, 'GET', '/api/network/devices/', owner)).body.count;
    for (const route of routes) {
      for (const payload of ['{}', '--x\r\nContent-Disposition: form-data; name="ip_address"\r\n\r\n127.0.0.9\r\n--x--\r\n']) {
        const res = await t.app.http.inject({
          method: route.method, url: route.url, payload, headers: { ...MULTIPART, ...(route.signedIn ? bearer(owner) : {}) },
        });
        expect(res.statusCode, `${route.method} ${route.url}`).toBe(415);
        expect(res.json()).toEqual(UNSUPPORTED);
      }
    }
    expect((await api(t.app, 'GET', '/api/network/devices/', owner)).body.count).toBe(before);
    expect((await api(t.app, 'GET', '/api/users/me/', owner)).status).toBe(200);
  });

  it('any other content type answers 415 too, whatever its case', async () => {
    for (const type of ['Multipart/Form-Data; boundary=x', 'text/plain', 'application/x-www-form-urlencoded', 'application/jsonx']) {
      const res = await t.app.http.inject({ method: 'POST', url: '/api/auth/login/', payload: 'username=a&password=b', headers: { 'content-type': type } });
      expect(res.statusCode, type).toBe(415);
      expect(res.json()).toEqual(UNSUPPORTED);
    }
  });

  it('a body-less request to a body-taking route names the missing fields', async () => {
    const login = await t.app.http.inject({ method: 'POST', url: '/api/auth/login/' });
    expect(login.statusCode).toBe(400);
    expect(login.json()).toMatchObject({ username: ['This field is required.'], password: ['This field is required.'], code: 'invalid' });
    const device = await t.app.http.inject({ method: 'POST', url: '/api/network/devices/', headers: bearer(owner) });
    expect(device.statusCode).toBe(400);
    expect(device.json().code).toBe('invalid');
  });

  it('the upload route still takes multipart, and DELETE of the image takes none', async () => {
    const upload = await t.app.http.inject({ method: 'POST', url: `/api/users/${owner.id}/profile-image/`, payload: '--x--\r\n', headers: { ...MULTIPART, ...bearer(owner) } });
    expect(upload.statusCode).toBe(400);
    expect(upload.json()).toEqual({ detail: 'No image file provided', code: 'invalid' });
    const remove = await t.app.http.inject({ method: 'DELETE', url: `/api/users/${owner.id}/profile-image/`, payload: '--x--\r\n', headers: { ...MULTIPART, ...bearer(owner) } });
    expect(remove.statusCode).toBe(415);
  });
});

describe.each(await databaseKinds())('pages no database can hold (%s)', (kind) => {
  let db: TestApp;
  let admin: Session;
  beforeAll(async () => {
    db = await createTestApp(kind);
    admin = await registerOwner(db.app);
  });
  afterAll(() => db.close());

  it('every paginated list answers 404 "Invalid page." for a page above 2^53, 2^63 or 2^64', async () => {
    const doc = (await api(db.app, 'GET', '/api/schema/')).body as Json;
    const lists: string[] = [];
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      if (!item.get || path.includes('{')) continue;
      const first = await api(db.app, 'GET', path, admin);
      if (first.status === 200 && first.body && typeof first.body === 'object' && 'count' in first.body && 'next' in first.body && 'previous' in first.body) lists.push(path);
    }
    expect(lists.length).toBeGreaterThanOrEqual(8);
    for (const path of lists) {
      for (const page of ['9007199254740993', '9223372036854775808', '18446744073709551617', '1'.padEnd(400, '0')]) {
        const res = await api(db.app, 'GET', `${path}?page=${page}`, admin);
        expect(res.status, `${path}?page=${page}`).toBe(404);
        expect(res.body).toEqual({ detail: 'Invalid page.', code: 'not_found' });
      }
      const hugeSize = await api(db.app, 'GET', `${path}?page_size=18446744073709551617`, admin);
      expect(hugeSize.status, `${path}?page_size=2^64`).toBe(200);
    }
  });
});

describe('Host header', () => {
  async function rawRequest(head: string): Promise<{ status: number; body: string }> {
    const { port } = t.app.http.server.address() as AddressInfo;
    const text = await new Promise<string>((resolve, reject) => {
      let data = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(`${head}Connection: close\r\n\r\n`));
      socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
      socket.on('error', reject);
      socket.on('close', () => resolve(data));
    });
    return { status: Number(text.split(' ')[1]), body: text.slice(text.indexOf('\r\n\r\n') + 4) };
  }

  it('two Host headers answer 400, one answers 200', async () => {
    await t.app.http.listen({ port: 0, host: '127.0.0.1' });
    const two = await rawRequest('GET /api/health/ HTTP/1.1\r\nHost: localhost\r\nHost: evil.test\r\n');
    expect(two.status).toBe(400);
    expect(JSON.parse(two.body)).toEqual({ detail: 'Invalid Host header', code: 'invalid' });
    const same = await rawRequest('GET /api/health/ HTTP/1.1\r\nHost: localhost\r\nhost: localhost\r\n');
    expect(same.status).toBe(400);
    const one = await rawRequest('GET /api/health/ HTTP/1.1\r\nHost: localhost\r\n');
    expect(one.status).toBe(200);
  });
});

describe('repeated query parameters', () => {
  it('count once, with their last value, on every paginated list', async () => {
    const doc = (await api(t.app, 'GET', '/api/schema/')).body as Json;
    const lists = Object.entries(doc.paths as Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>)
      .filter(([path, item]) => item.get && !path.includes('{'))
      .map(([path, item]) => ({ path, names: (item.get!.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name) }))
      .filter((l) => l.names.length > 0);
    expect(lists.length).toBeGreaterThanOrEqual(5);
    for (const { path, names } of lists) {
      const query = names.map((n) => `${n}=a&${n}=b`).join('&');
      const res = await api(t.app, 'GET', `${path}?${query}`, owner);
      expect(res.status, `${path}?${query}`).toBeLessThan(500);
    }
    const attempts = await api(t.app, 'GET', '/api/auth/login-attempts/?username=nobody&username=owner', owner);
    expect(attempts.status).toBe(200);
    expect((attempts.body as Json).results.every((r: Json) => r.username === 'owner')).toBe(true);
  });
});
