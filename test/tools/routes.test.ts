import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { bearer, createUser, registerOwner, type Session } from '../helpers/factories.js';

let t: TestApp;
let owner: Session;
let user: Session;
let viewer: Session;
beforeAll(async () => {
  t = await createTestApp('sqlite', { TOOLS_RATE_PER_MINUTE: '100' });
  owner = await registerOwner(t.app);
  user = await createUser(t.app, owner, 'toolsuser', 'user');
  viewer = await createUser(t.app, owner, 'toolsviewer', 'viewer');
});
afterAll(() => t.close());

const post = (s: Session | null, path: string, payload: unknown) =>
  t.app.http.inject({ method: 'POST', url: `/api/tools/${path}/`, payload: payload as object, headers: s ? bearer(s) : {} });

describe('tool routes', () => {
  it('pings 127.0.0.1 and answers output, status and timestamp', async () => {
    const res = await post(user, 'ping', { target: '127.0.0.1' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('success');
    expect(body.output).toContain('127.0.0.1');
    expect(body.timestamp).toMatch(/\+00:00$|Z$/);
  });

  it('enforces the permissions of roles.md', async () => {
    expect((await post(null, 'ping', { target: '127.0.0.1' })).statusCode).toBe(401);
    const denied = await post(viewer, 'ping', { target: '127.0.0.1' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toBe('You do not have permission to perform this action.');
    expect((await post(user, 'nmap', { target: '127.0.0.1' })).statusCode).toBe(403);
    expect((await post(user, 'tcpdump', { interface: 'lo', filter: '', count: 1 })).statusCode).toBe(403);
  });

  it('rejects injection attempts with 400 JSON and accepts the underscore spelling', async () => {
    const res = await post(user, 'ping', { target: '127.0.0.1; rm -rf /' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid');
    expect(res.json().target).toBeDefined();
    const ip = await post(user, 'ip_route', {});
    expect(ip.statusCode).toBe(200);
  });
});
