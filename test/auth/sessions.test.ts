import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD } from '../helpers/factories.js';
import { TokenSigner } from '../../src/auth/tokens.js';
import { deriveKey } from '../../src/auth/keys.js';
import { TEST_SECRET } from '../helpers/app.js';
import { decodeJwt, sessionIdOf, type PageBody, type SessionBody, type UserView } from './support/http.js';
import { createWorld, NOT_AUTHENTICATED, REFRESH_NOT_VALID, TOKEN_NOT_VALID, type World } from './support/world.js';

const signer = new TokenSigner(deriveKey(TEST_SECRET, 'everyst jwt v1'));

describe.each(await databaseKinds())('sessions, refresh and revocation (rest.md §3) on %s', (kind) => {
  let w: World;
  const me = (token: string) => w.call<UserView>('GET', '/api/users/me/', { token });
  const refresh = (token: unknown) => w.call<{ access: string; refresh: string }>('POST', '/api/auth/refresh/', { payload: { refresh: token } });

  beforeAll(async () => {
    w = await createWorld(kind);
  });
  afterAll(async () => w?.close());

  it('refresh returns a new access token and the same refresh token, any number of times', async () => {
    const s = await w.user('rita');
    const lastLogin = (await me(s.access)).body.last_login;
    for (let i = 0; i < 3; i++) {
      const res = await refresh(s.refresh);
      expect(res.status).toBe(200);
      expect(Object.keys(res.body)).toEqual(['access', 'refresh']);
      expect(res.body.refresh).toBe(s.refresh);
      expect(sessionIdOf(res.body.access)).toBe(sessionIdOf(s.access));
      expect((await me(res.body.access)).status).toBe(200);
    }
    expect((await me(s.access)).body.last_login).toBe(lastLogin);
  });

  it('refresh without a token is a field error, with a bad one a 401', async () => {
    for (const payload of [{}, { refresh: '' }]) {
      const res = await w.call('POST', '/api/auth/refresh/', { payload });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ refresh: ['This field is required.'], detail: 'refresh: This field is required.', code: 'invalid' });
    }
    for (const token of ['garbage', 'a.b.c', 42]) expect((await refresh(token)).body).toEqual(REFRESH_NOT_VALID);
  });

  it('logout with a refresh token revokes only that session', async () => {
    await w.user('lou');
    const [a, b] = [await w.login('lou'), await w.login('lou')];
    const res = await w.call('POST', '/api/auth/logout/', { payload: { refresh: a.refresh } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ detail: 'Logout successful, token has been blacklisted' });
    expect((await me(a.access)).body).toEqual(TOKEN_NOT_VALID);
    expect((await refresh(a.refresh)).body).toEqual(REFRESH_NOT_VALID);
    expect((await me(b.access)).status).toBe(200);
    const again = await w.call('POST', '/api/auth/logout/', { payload: { refresh: a.refresh } });
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ detail: 'Invalid token or token already blacklisted', code: 'invalid' });
  });

  it("logout with only a Bearer token revokes the caller's session; another user's refresh is refused", async () => {
    const lea = await w.user('lea');
    const other = await w.user('otto');
    const mixed = await w.call('POST', '/api/auth/logout/', { token: lea.access, payload: { refresh: other.refresh } });
    expect(mixed.status).toBe(400);
    expect((await refresh(other.refresh)).status).toBe(200);
    expect((await w.call('POST', '/api/auth/logout/', { token: lea.access })).status).toBe(200);
    expect((await me(lea.access)).body).toEqual(TOKEN_NOT_VALID);
    expect((await refresh(lea.refresh)).body).toEqual(REFRESH_NOT_VALID);
    expect((await w.call('POST', '/api/auth/logout/', { payload: {} })).body).toEqual(NOT_AUTHENTICATED);
  });

  it('logout with a valid refresh token succeeds even when the Bearer token sent along has expired', async () => {
    const s = await w.user('elke');
    const { claims } = decodeJwt(s.access);
    const expired = signer.sign({ token_type: 'access', user_id: Number(claims.user_id), sid: String(claims.sid) }, 60, Date.now() - 3600_000).token;
    const res = await w.call('POST', '/api/auth/logout/', { token: expired, payload: { refresh: s.refresh } });
    expect(res.status).toBe(200);
    expect((await refresh(s.refresh)).body).toEqual(REFRESH_NOT_VALID);
    expect((await w.call('POST', '/api/auth/logout/', { token: expired })).body).toEqual(TOKEN_NOT_VALID);
  });

  it('logout-all revokes every session of the caller and counts them', async () => {
    const first = await w.user('alma');
    const others = [await w.login('alma'), await w.login('alma')];
    const bystander = await w.user('bea');
    const res = await w.call('POST', '/api/auth/logout-all/', { token: first.access });
    expect(res.body).toEqual({ detail: 'Successfully logged out from all devices', revoked_sessions: 3 });
    for (const s of [first, ...others]) {
      expect((await me(s.access)).body).toEqual(TOKEN_NOT_VALID);
      expect((await refresh(s.refresh)).body).toEqual(REFRESH_NOT_VALID);
    }
    expect((await me(bystander.access)).status).toBe(200);
  });

  it('lists the active sessions of the caller, newest first, marking the current one', async () => {
    const old = await w.user('sid');
    const revoked = await w.login('sid');
    await w.call('POST', '/api/auth/logout/', { payload: { refresh: revoked.refresh } });
    const current = await w.call<{ access: string }>('POST', '/api/auth/login/', {
      payload: { username: 'sid', password: USER_PASSWORD }, headers: { 'user-agent': 'everyst-test/1.0' }, remoteAddress: '127.0.0.9',
    });
    const res = await w.call<PageBody<SessionBody>>('GET', '/api/auth/sessions/', { token: current.body.access });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ count: 2, next: null, previous: null });
    expect(res.body.results.map((s) => s.id)).toEqual([sessionIdOf(current.body.access), sessionIdOf(old.access)]);
    expect(res.body.results.map((s) => s.current)).toEqual([true, false]);
    const [latest] = res.body.results;
    expect(Object.keys(latest)).toEqual(['id', 'created_at', 'last_used_at', 'expires_at', 'ip_address', 'user_agent', 'current']);
    expect(latest).toMatchObject({ ip_address: '127.0.0.9', user_agent: 'everyst-test/1.0' });
    expect(latest.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
  });

  it('DELETE auth/sessions/{id} revokes one own session; other ids answer 404', async () => {
    const a = await w.user('dina');
    const b = await w.login('dina');
    const stranger = await w.user('sten');
    const del = (id: string) => w.call('DELETE', `/api/auth/sessions/${id}/`, { token: a.access });
    expect((await del(sessionIdOf(b.access))).status).toBe(204);
    expect((await me(b.access)).body).toEqual(TOKEN_NOT_VALID);
    expect((await refresh(b.refresh)).body).toEqual(REFRESH_NOT_VALID);
    expect((await del(sessionIdOf(b.access))).status).toBe(404);
    expect((await del(sessionIdOf(stranger.access))).body).toEqual({ detail: 'Not found.', code: 'not_found' });
    expect((await me(stranger.access)).status).toBe(200);
    expect((await del('not-a-uuid')).status).toBe(404);
    expect((await me(a.access)).status).toBe(200);
  });

  it('a password change by its owner revokes the other sessions and keeps the current one', async () => {
    const current = await w.user('paula');
    const others = [await w.login('paula'), await w.login('paula')];
    const res = await w.call('POST', `/api/users/${current.id}/change-password/`, {
      token: current.access, payload: { current_password: USER_PASSWORD, new_password: 'Quiet-Meadow-Stone-77' },
    });
    expect(res.body).toEqual({ detail: 'Password changed successfully' });
    expect((await me(current.access)).status).toBe(200);
    expect((await refresh(current.refresh)).status).toBe(200);
    for (const s of others) {
      expect((await me(s.access)).body).toEqual(TOKEN_NOT_VALID);
      expect((await refresh(s.refresh)).body).toEqual(REFRESH_NOT_VALID);
    }
    expect((await w.login('paula')).status).toBe(401);
    expect((await w.login('paula', 'Quiet-Meadow-Stone-77')).status).toBe(200);
  });

  it("a password change by an admin revokes all of the target's sessions", async () => {
    const target = await w.user('tess');
    const res = await w.call('POST', `/api/users/${target.id}/change-password/`, { token: w.owner.access, payload: { new_password: 'Amber-Kettle-Fjord-31' } });
    expect(res.status).toBe(200);
    expect((await me(target.access)).body).toEqual(TOKEN_NOT_VALID);
    expect((await w.login('tess', 'Amber-Kettle-Fjord-31')).status).toBe(200);
  });
});
