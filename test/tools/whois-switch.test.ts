import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { bearer, createUser, registerOwner, type Session } from '../helpers/factories.js';

// whois asks servers on the internet: the bodies below are ones validation refuses, so even a broken switch
// never lets whois reach a real server.
let t: TestApp;
let user: Session;
beforeAll(async () => {
  t = await createTestApp('sqlite', { TOOLS_WHOIS_ENABLED: 'false' });
  const owner = await registerOwner(t.app);
  user = await createUser(t.app, owner, 'whoisuser', 'user');
});
afterAll(() => t.close());

describe('TOOLS_WHOIS_ENABLED=false', () => {
  it('refuses whois with 403 JSON before looking at the body', async () => {
    for (const payload of [{}, { target: '$(id)' }]) {
      const res = await t.app.http.inject({ method: 'POST', url: '/api/tools/whois/', payload, headers: bearer(user) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ detail: 'The whois tool is disabled on this server.', code: 'permission_denied' });
    }
  });

  it('leaves the other tools alone', async () => {
    const res = await t.app.http.inject({ method: 'POST', url: '/api/tools/ip-route/', payload: {}, headers: bearer(user) });
    expect(res.statusCode).toBe(200);
  });

  it('the API docs say that whois talks to outside servers', async () => {
    const res = await t.app.http.inject({ method: 'GET', url: '/api/docs/json' });
    const op = res.json().paths?.['/api/tools/whois/']?.post ?? res.json().paths?.['/api/tools/whois']?.post;
    expect(op?.description).toMatch(/talks to servers outside the local networks/);
  });
});
