import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { login, OWNER_PASSWORD, USER_PASSWORD } from '../helpers/factories.js';
import { contract, createBareWorld, createWorld, expectStatus, type BareWorld, type World } from './harness.js';
import { expectError, expectShape, LoginAttempt, oneOf, openObject, Page, PERMISSION_DENIED, Session, User } from './shapes.js';
import { expectPagination } from './pagination.js';

const TOKENS = { refresh: 'jwt', access: 'jwt', password_expired: oneOf(false), user: User };

describe.each(await databaseKinds())('first run (rest.md §3.2–§3.3) on %s', (kind) => {
  let w: BareWorld;
  beforeAll(async () => {
    w = await createBareWorld(kind);
  });
  afterAll(() => w?.close());

  contract('GET auth/first-run/', async () => {
    const none = await w.call('GET auth/first-run/');
    expectStatus(none, 204);
    expect(none.text).toBe('');
    expectStatus(await w.call('POST auth/register/', { body: { username: 'first', email: 'first@example.com', password: OWNER_PASSWORD } }), 201);
    const some = await w.call('GET auth/first-run/');
    expectStatus(some, 200);
    expectShape(some.body, { users_exist: oneOf(true) });
  });

  contract('POST auth/register/', async () => {
    // A user exists (the previous test registered one): registration is closed.
    const closed = await w.call('POST auth/register/', { body: { username: 'second', email: 'second@example.com', password: OWNER_PASSWORD } });
    expectStatus(closed, 403);
    expectError(closed.body, 'permission_denied', 'Registration is disabled. User accounts already exist.');
  });
});

describe.each(await databaseKinds())('registration answer (rest.md §3.3) on %s', (kind) => {
  let w: BareWorld;
  beforeAll(async () => {
    w = await createBareWorld(kind);
  });
  afterAll(() => w?.close());

  contract('POST auth/register/', async () => {
    const invalid = await w.call('POST auth/register/', { body: { username: 'x', email: 'nope', password: '12345678' } });
    expectStatus(invalid, 400);
    expectShape(invalid.body, { username: 'string[]', email: 'string[]', password: 'string[]', detail: 'string', code: oneOf('invalid') });
    const res = await w.call('POST auth/register/', { body: { username: 'boss', email: 'boss@example.com', password: OWNER_PASSWORD, role: 'viewer' } });
    expectStatus(res, 201);
    expectShape(res.body, { refresh: 'jwt', access: 'jwt', user: User, is_owner: oneOf(true) });
    expect(res.body.user).toMatchObject({ id: 1, role: 'owner', first_name: '', last_name: '', is_staff: true, is_superuser: true, profile_image: null });
  });
});

describe.each(await databaseKinds())('authentication and sessions (rest.md §3) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, { MAX_LOGIN_ATTEMPTS: '3' }, ['viewer']);
  });
  afterAll(() => w?.close());

  contract('POST auth/login/', async () => {
    const ok = await w.call('POST auth/login/', { body: { username: 'OWNER', password: OWNER_PASSWORD } });
    expectStatus(ok, 200);
    expectShape(ok.body, TOKENS);
    expect(ok.body.user.last_login).not.toBeNull();
    const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
    const tokenClaims = { exp: 'integer', iat: 'integer', jti: 'string', user_id: oneOf(w.owner.id), sid: 'uuid' };
    expectShape(claims(ok.body.access), openObject({ token_type: oneOf('access'), ...tokenClaims }), 'access claims');
    expectShape(claims(ok.body.refresh), openObject({ token_type: oneOf('refresh'), ...tokenClaims }), 'refresh claims');
    expect(claims(ok.body.access).jti).toMatch(/^[0-9a-f]{32}$/);
    expect(claims(ok.body.access).sid).toBe(claims(ok.body.refresh).sid);
    const missing = await w.call('POST auth/login/', { body: {} });
    expectStatus(missing, 400);
    expectShape(missing.body, { username: 'string[]', password: 'string[]', detail: oneOf('username: This field is required.'), code: oneOf('invalid') });
    for (let i = 0; i < 3; i++) {
      const wrong = await w.call('POST auth/login/', { body: { username: 'viewer1', password: 'Wrong-password-1' } });
      expectStatus(wrong, 401);
      expectError(wrong.body, 'authentication_failed', 'No active account found with the given credentials');
      expect(wrong.headers['www-authenticate']).toBe('Bearer realm="api"');
    }
    const locked = await w.call('POST auth/login/', { body: { username: 'viewer1', password: USER_PASSWORD } });
    expectStatus(locked, 429);
    expectError(locked.body, 'locked_out');
    expect(locked.body.detail).toMatch(/^Account temporarily locked due to too many failed login attempts\. Please try again in \d+ minutes\.$/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  contract('POST auth/refresh/', async () => {
    const s = await login(w.t.app, 'owner', OWNER_PASSWORD);
    const res = await w.call('POST auth/refresh/', { body: { refresh: s.refresh } });
    expectStatus(res, 200);
    expectShape(res.body, { access: 'jwt', refresh: oneOf(s.refresh) });
    const missing = await w.call('POST auth/refresh/', { body: {} });
    expectStatus(missing, 400);
    expectError(missing.body, 'invalid', 'refresh: This field is required.', ['refresh']);
    const wrongType = await w.call('POST auth/refresh/', { body: { refresh: s.access } });
    expectStatus(wrongType, 401);
    expectError(wrongType.body, 'token_not_valid', 'Token is invalid or expired');
  });

  contract('POST auth/logout/', async () => {
    const s = await login(w.t.app, 'owner', OWNER_PASSWORD);
    const res = await w.call('POST auth/logout/', { body: { refresh: s.refresh } });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Logout successful, token has been blacklisted') });
    const again = await w.call('POST auth/logout/', { body: { refresh: s.refresh } });
    expectStatus(again, 400);
    expectError(again.body, 'invalid', 'Invalid token or token already blacklisted');
    const anonymous = await w.call('POST auth/logout/');
    expectStatus(anonymous, 401);
    expectError(anonymous.body, 'not_authenticated', 'Authentication credentials were not provided.');
    const revoked = await w.call('GET auth/check-users/', { as: s });
    expectStatus(revoked, 401);
    expectError(revoked.body, 'token_not_valid', 'Given token not valid for any token type');
  });

  contract('POST auth/logout-all/', async () => {
    const a = await login(w.t.app, 'owner', OWNER_PASSWORD);
    await login(w.t.app, 'owner', OWNER_PASSWORD);
    const res = await w.call('POST auth/logout-all/', { as: a });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Successfully logged out from all devices'), revoked_sessions: 'integer' });
    expect(res.body.revoked_sessions).toBeGreaterThanOrEqual(2);
    w.owner = await login(w.t.app, 'owner', OWNER_PASSWORD);
  });

  contract('GET auth/check-users/', async () => {
    const res = await w.call('GET auth/check-users/', { as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, { users_exist: oneOf(true), user_count: 'integer' });
    expect(res.body.user_count).toBe(2);
    expectStatus(await w.call('GET auth/check-users/'), 401);
  });

  contract('GET auth/sessions/', async () => {
    await login(w.t.app, 'owner', OWNER_PASSWORD);
    const res = await w.call('GET auth/sessions/', { as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, Page(Session));
    expect(res.body.results.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    await expectPagination(w, 'GET auth/sessions/', { as: w.owner });
  });

  contract('DELETE auth/sessions/{id}/', async () => {
    const other = await login(w.t.app, 'owner', OWNER_PASSWORD);
    const list = await w.call('GET auth/sessions/', { as: other });
    const current = list.body.results.find((s: { current: boolean }) => s.current);
    const res = await w.call('DELETE auth/sessions/{id}/', { params: { id: current.id }, as: w.owner });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const gone = await w.call('DELETE auth/sessions/{id}/', { params: { id: current.id }, as: w.owner });
    expectStatus(gone, 404);
    expectError(gone.body, 'not_found');
    expectStatus(await w.call('DELETE auth/sessions/{id}/', { params: { id: 'not-a-uuid' }, as: w.owner }), 404);
  });

  contract('GET auth/login-attempts/', async () => {
    const res = await w.call('GET auth/login-attempts/', { as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, Page(LoginAttempt));
    const outcomes = new Set(res.body.results.map((a: { outcome: string }) => a.outcome));
    for (const o of ['success', 'invalid_credentials', 'invalid_request', 'locked_out']) expect(outcomes).toContain(o);
    const filtered = await w.call('GET auth/login-attempts/', { as: w.owner, query: { username: 'VIEWER1', was_successful: 'false' } });
    expect(filtered.body.results.length).toBeGreaterThan(0);
    expect(filtered.body.results.every((a: { username: string; was_successful: boolean }) => a.username === 'viewer1' && !a.was_successful)).toBe(true);
    await expectPagination(w, 'GET auth/login-attempts/', { as: w.owner });
    const denied = await w.call('GET auth/login-attempts/', { as: w.users.viewer });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });
});
