import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenSigner } from '../../src/auth/tokens.js';
import { deriveKey } from '../../src/auth/keys.js';
import { TEST_SECRET } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import type { Session } from '../helpers/factories.js';
import { decodeJwt, sessionIdOf, type Res, type UserView } from './support/http.js';
import { createWorld, forgeJwt, REFRESH_NOT_VALID, TOKEN_NOT_VALID, WWW_AUTHENTICATE, type World } from './support/world.js';

const signer = new TokenSigner(deriveKey(TEST_SECRET, 'everyst jwt v1'));
const HS256 = { alg: 'HS256', typ: 'JWT' };

function expect401(res: Res<unknown>, body: Record<string, string>) {
  expect(res.status).toBe(401);
  expect(res.body).toEqual(body);
  expect(res.headers['www-authenticate']).toBe(WWW_AUTHENTICATE);
}

describe.each(await databaseKinds())('access tokens on %s', (kind) => {
  let w: World;
  let viewer: Session;
  const me = (token: string) => w.call<UserView>('GET', '/api/users/me/', { token });
  const claimsOf = (s: Session) => decodeJwt(s.access).claims;

  beforeAll(async () => {
    w = await createWorld(kind);
    viewer = await w.user('vera', 'viewer');
  });
  afterAll(async () => w?.close());

  it('issues HS256 tokens carrying exactly the claims of rest.md §3.1, and no role', () => {
    for (const [token, type, lifetime] of [[viewer.access, 'access', 12 * 3600], [viewer.refresh, 'refresh', 7 * 86_400]] as const) {
      const { header, claims } = decodeJwt(token);
      expect(header).toEqual(HS256);
      expect(Object.keys(claims).sort()).toEqual(['exp', 'iat', 'jti', 'sid', 'token_type', 'user_id']);
      expect(claims).toMatchObject({ token_type: type, user_id: viewer.id, sid: sessionIdOf(viewer.access) });
      expect(claims.jti).toMatch(/^[0-9a-f]{32}$/);
      expect(claims.sid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(Number(claims.exp) - Number(claims.iat)).toBe(lifetime);
      expect(Math.abs(Number(claims.iat) - Date.now() / 1000)).toBeLessThan(60);
    }
  });

  it('accepts the access token it issued', async () => {
    const res = await me(viewer.access);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: viewer.id, username: 'vera', role: 'viewer' });
  });

  it('rejects alg "none", with or without a signature, and any other alg', async () => {
    const claims = claimsOf(viewer);
    const unsigned = (header: object) => `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${viewer.access.split('.')[1]}.`;
    expect401(await me(unsigned({ alg: 'none', typ: 'JWT' })), TOKEN_NOT_VALID);
    expect401(await me(unsigned({ alg: 'none' }).slice(0, -1)), TOKEN_NOT_VALID);
    for (const alg of ['none', 'None', 'HS512', 'RS256']) expect401(await me(forgeJwt({ alg, typ: 'JWT' }, claims)), TOKEN_NOT_VALID);
  });

  it('rejects a wrong signature', async () => {
    const [h, p, s] = viewer.access.split('.');
    const flipped = `${h}.${p}.${s.startsWith('A') ? 'B' : 'A'}${s.slice(1)}`;
    expect401(await me(flipped), TOKEN_NOT_VALID);
    expect401(await me(`${h}.${p}.`), TOKEN_NOT_VALID);
    expect401(await me(forgeJwt(HS256, claimsOf(viewer), deriveKey('another-secret-key-0123456789abcdef0123', 'everyst jwt v1'))), TOKEN_NOT_VALID);
    expect401(await me('not-a-jwt'), TOKEN_NOT_VALID);
  });

  it('rejects claims changed after signing (another user, an added role)', async () => {
    const [h, , s] = viewer.access.split('.');
    for (const change of [{ user_id: w.owner.id }, { role: 'owner' }, { exp: Number(claimsOf(viewer).exp) + 3600 }]) {
      const payload = Buffer.from(JSON.stringify({ ...claimsOf(viewer), ...change })).toString('base64url');
      expect401(await me(`${h}.${payload}.${s}`), TOKEN_NOT_VALID);
    }
  });

  it('ignores role and permission claims even in a validly signed token: the role comes from the database', async () => {
    const token = forgeJwt(HS256, { ...claimsOf(viewer), role: 'owner', is_superuser: true, is_staff: true, can_view_all_data: true, permissions: ['can_manage_users'] });
    expect((await me(token)).body.role).toBe('viewer');
    expect((await w.call('GET', '/api/auth/login-attempts/', { token })).status).toBe(403);
    expect((await w.call('POST', '/api/users/', { token, payload: { username: 'mallory', email: 'm@example.com', password: 'Zq-8472-Lw9x' } })).status).toBe(403);
  });

  it('applies a role change on the next request with the same token', async () => {
    const casey = await w.user('casey', 'viewer');
    const attempts = () => w.call('GET', '/api/auth/login-attempts/', { token: casey.access });
    expect((await attempts()).status).toBe(403);
    expect((await w.call('POST', `/api/users/${casey.id}/set_role/`, { token: w.owner.access, payload: { role: 'manager' } })).status).toBe(200);
    expect((await attempts()).status).toBe(200);
    expect((await w.call('POST', `/api/users/${casey.id}/set_role/`, { token: w.owner.access, payload: { role: 'viewer' } })).status).toBe(200);
    expect((await attempts()).status).toBe(403);
  });

  it('rejects an expired token', async () => {
    const { user_id, sid } = claimsOf(viewer) as { user_id: number; sid: string };
    const expired = signer.sign({ token_type: 'access', user_id, sid }, 3600, Date.now() - 2 * 3600_000).token;
    expect401(await me(expired), TOKEN_NOT_VALID);
    const fresh = signer.sign({ token_type: 'access', user_id, sid }, 3600).token;
    expect((await me(fresh)).status).toBe(200);
  });

  it('checks expiry and type on every use of a token it verified before', () => {
    const { user_id, sid } = claimsOf(viewer) as { user_id: number; sid: string };
    const issued = Date.now();
    const { token } = signer.sign({ token_type: 'access', user_id, sid }, 60, issued);
    expect(signer.verify(token, 'access', issued)).toMatchObject({ user_id, sid });
    expect(signer.verify(token, 'access', issued + 1000)).toMatchObject({ user_id, sid });
    expect(signer.verify(token, 'refresh', issued + 1000)).toBeNull();
    expect(signer.verify(token, 'access', issued + 61_000)).toBeNull();
    const other = new TokenSigner(deriveKey('another-secret-key-0123456789abcdef0123456789', 'everyst jwt v1'));
    expect(other.verify(token, 'access', issued)).toBeNull();
  });

  it('rejects a refresh token as an access token and an access token as a refresh token', async () => {
    expect401(await me(viewer.refresh), TOKEN_NOT_VALID);
    expect401(await w.call('POST', '/api/auth/refresh/', { payload: { refresh: viewer.access } }), REFRESH_NOT_VALID);
    const logout = await w.call('POST', '/api/auth/logout/', { payload: { refresh: viewer.access } });
    expect(logout.status).toBe(400);
    expect(logout.body).toEqual({ detail: 'Invalid token or token already blacklisted', code: 'invalid' });
    expect((await me(viewer.access)).status).toBe(200);
  });

  it("rejects a signed token naming a session that is unknown, another user's or expired", async () => {
    const claims = claimsOf(viewer);
    expect401(await me(forgeJwt(HS256, { ...claims, sid: randomUUID() })), TOKEN_NOT_VALID);
    expect401(await me(forgeJwt(HS256, { ...claims, user_id: w.owner.id })), TOKEN_NOT_VALID);
    const other = await w.login('vera');
    await w.db.updateTable('sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', sessionIdOf(other.access)).execute();
    expect401(await me(other.access), TOKEN_NOT_VALID);
    expect401(await w.call('POST', '/api/auth/refresh/', { payload: { refresh: other.refresh } }), REFRESH_NOT_VALID);
  });

  it('answers user_not_found for the token of a deleted user', async () => {
    const gone = await w.user('gone');
    expect((await w.call('DELETE', `/api/users/${gone.id}/`, { token: w.owner.access })).status).toBe(204);
    expect401(await me(gone.access), { detail: 'User not found', code: 'user_not_found' });
    expect401(await w.call('POST', '/api/auth/refresh/', { payload: { refresh: gone.refresh } }), REFRESH_NOT_VALID);
  });

  it('answers user_inactive for the token of a deactivated user, and revokes its sessions', async () => {
    const idle = await w.user('idle');
    const deactivate = (is_active: boolean) => w.call('PATCH', `/api/users/${idle.id}/`, { token: w.owner.access, payload: { is_active } });
    expect((await deactivate(false)).status).toBe(200);
    expect401(await me(idle.access), { detail: 'User is inactive', code: 'user_inactive' });
    expect401(await w.call('POST', '/api/auth/refresh/', { payload: { refresh: idle.refresh } }), REFRESH_NOT_VALID);
    expect((await deactivate(true)).status).toBe(200);
    expect401(await me(idle.access), TOKEN_NOT_VALID);
    expect((await me((await w.login('idle')).access)).status).toBe(200);
  });

  it('answers not_authenticated without a Bearer token, whatever else is sent', async () => {
    const bodies = { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' };
    for (const authorization of [undefined, 'Basic b3duZXI6cHc=', 'Token abc', 'Bearer', 'Bearer ']) {
      const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
      expect401(await w.call('GET', '/api/users/me/', { headers }), bodies);
    }
  });

  it('sends WWW-Authenticate on every 401, including failed logins and refreshes', async () => {
    const login = await w.call('POST', '/api/auth/login/', { payload: { username: 'vera', password: 'wrong-password-1' } });
    const refresh = await w.call('POST', '/api/auth/refresh/', { payload: { refresh: 'x.y.z' } });
    const logout = await w.call('POST', '/api/auth/logout/');
    for (const res of [login, refresh, logout]) {
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(WWW_AUTHENTICATE);
    }
    expect(login.body).toEqual({ detail: 'No active account found with the given credentials', code: 'authentication_failed' });
  });
});
