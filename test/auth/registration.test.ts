import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { createAuthTestApp as createTestApp } from './support/test-app.js';
import { databaseKinds } from '../helpers/databases.js';
import { call, type TokensBody, type UserView } from './support/http.js';

const CLOSED = { detail: 'Registration is disabled. User accounts already exist.', code: 'permission_denied' };
const person = (n: number | string) => ({ username: `founder${n}`, email: `founder${n}@example.com`, password: 'Correct-Horse-Battery-9' });

describe.each(await databaseKinds())('first-run registration (rest.md §3.3) on %s', (kind) => {
  const apps: TestApp[] = [];
  const fresh = async (env: Record<string, string> = {}) => {
    const t = await createTestApp(kind, env);
    apps.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((t) => t.close()));
  });

  it('answers first-run 204 until the owner registers, then 200', async () => {
    const { app } = await fresh();
    const before = await call(app, 'GET', '/api/auth/first-run/');
    expect(before.status).toBe(204);
    expect(before.text).toBe('');
    const res = await call<TokensBody>(app, 'POST', '/api/auth/register/', {
      payload: { ...person(1), first_name: ' Ada ', last_name: 'Lovelace', role: 'viewer', is_active: false, is_superuser: false },
    });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['refresh', 'access', 'user', 'is_owner']);
    expect(res.body.is_owner).toBe(true);
    expect(res.body.user).toMatchObject({
      id: 1, username: 'founder1', email: 'founder1@example.com', first_name: 'Ada', last_name: 'Lovelace',
      is_active: true, role: 'owner', is_staff: true, is_superuser: true, last_login: null, profile_image: null,
    });
    expect(res.body.user.role_details).toMatchObject({ name: 'owner', priority: 1, can_manage_users: true, is_builtin: true });
    expect((await call(app, 'GET', '/api/auth/first-run/')).body).toEqual({ users_exist: true });
    const check = await call(app, 'GET', '/api/auth/check-users/', { token: res.body.access });
    expect(check.body).toEqual({ users_exist: true, user_count: 1 });
    const sessions = await call<{ count: number }>(app, 'GET', '/api/auth/sessions/', { token: res.body.access });
    expect(sessions.body.count).toBe(1);
    const refreshed = await call(app, 'POST', '/api/auth/refresh/', { payload: { refresh: res.body.refresh } });
    expect(refreshed.status).toBe(200);
    const again = await call(app, 'POST', '/api/auth/register/', { payload: person(2) });
    expect(again.status).toBe(403);
    expect(again.body).toEqual(CLOSED);
  });

  it('lets exactly one of 20 concurrent registrations win; the others get 403', async () => {
    const { app } = await fresh();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => call<TokensBody>(app, 'POST', '/api/auth/register/', { payload: person(i) })));
    const winners = results.filter((r) => r.status === 201);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 403).map((r) => r.body)).toEqual(Array(19).fill(CLOSED));
    const users = await call<UserView[]>(app, 'GET', '/api/users/', { token: winners[0].body.access });
    expect(users.body.map((u) => [u.username, u.role])).toEqual([[winners[0].body.user.username, 'owner']]);
    const owners = await app.ctx.db.selectFrom('users').select('id').where('role_name', '=', 'owner').execute();
    expect(owners).toHaveLength(1);
  });

  it('keeps passwords as sent (never trimmed) but trims the other fields', async () => {
    const { app } = await fresh();
    const password = '  Spaced-Out-Password-9  ';
    const res = await call<TokensBody>(app, 'POST', '/api/auth/register/', { payload: { username: '  spacey ', email: ' spacey@example.com', password } });
    expect(res.status).toBe(201);
    expect(res.body.user.username).toBe('spacey');
    expect((await call(app, 'POST', '/api/auth/login/', { payload: { username: 'spacey', password } })).status).toBe(200);
    expect((await call(app, 'POST', '/api/auth/login/', { payload: { username: 'spacey', password: password.trim() } })).status).toBe(401);
  });
});

describe.each(await databaseKinds())('registration field rules and the password policy (rest.md §3.3, §3.7) on %s', (kind) => {
  let t: TestApp;
  let strict: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
    strict = await createTestApp(kind, { PASSWORD_MIN_LENGTH: '12' });
  });
  afterAll(async () => {
    await t?.close();
    await strict?.close();
  });
  const register = (payload: Record<string, unknown>, app = t) => call(app.app, 'POST', '/api/auth/register/', { payload });

  it.each([
    [{}, { username: ['This field is required.'], email: ['This field is required.'], password: ['This field is required.'] }],
    [{ ...person('x'), username: 'ab' }, { username: ['Username must be at least 3 characters long.'] }],
    [{ ...person('x'), username: 'a'.repeat(31) }, { username: ['Ensure this field has no more than 30 characters.'] }],
    [{ ...person('x'), username: 'bad name!' }, { username: ['Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.'] }],
    [{ ...person('x'), email: 'not-an-email' }, { email: ['Enter a valid email address.'] }],
    [{ ...person('x'), first_name: 'x'.repeat(151) }, { first_name: ['Ensure this field has no more than 150 characters.'] }],
    [{ ...person('x'), password: 'Ab1-xyz' }, { password: ['This password is too short. It must contain at least 8 characters.'] }],
    [{ ...person('x'), password: '83920174' }, { password: ['This password is entirely numeric.'] }],
    [{ ...person('x'), password: 'PassWord' }, { password: ['This password is too common.'] }],
    [{ ...person('x'), password: 'x'.repeat(129) }, { password: ['Ensure this field has no more than 128 characters.'] }],
    [{ username: 'Margarita', email: 'mr@example.com', password: 'my-MARGARITA-2024' }, { password: ['The password is too similar to the username.'] }],
    [{ username: 'zed', email: 'zebra.crossing@example.com', password: 'my-zebra.crossing-pw' }, { password: ['The password is too similar to the email address.'] }],
    [{ username: 'abcd', email: 'abcd@example.com', password: '1234567' }, {
      password: ['This password is too short. It must contain at least 8 characters.', 'This password is entirely numeric.', 'This password is too common.'],
    }],
    [{ username: 'qwerty12', email: 'qwerty12@example.com', password: 'qwerty123' }, {
      password: ['This password is too common.', 'The password is too similar to the username.', 'The password is too similar to the email address.'],
    }],
  ])('%j → %j', async (payload, fields) => {
    const res = await register(payload);
    expect(res.status).toBe(400);
    const [field, messages] = Object.entries(fields)[0];
    expect(res.body).toEqual({ ...fields, detail: `${field}: ${messages[0]}`, code: 'invalid' });
  });

  it('does not apply the similarity rule to a username or email local part shorter than 4 characters', async () => {
    const own = await createTestApp(kind);
    try {
      const res = await call(own.app, 'POST', '/api/auth/register/', { payload: { username: 'bob', email: 'bob@example.com', password: 'bob-Teapot-Lantern-4' } });
      expect(res.status).toBe(201);
    } finally {
      await own.close();
    }
  });

  it('uses PASSWORD_MIN_LENGTH in the message', async () => {
    const res = await register({ ...person('y'), password: 'Short-Pw-1' }, strict);
    expect(res.body).toMatchObject({ password: ['This password is too short. It must contain at least 12 characters.'] });
  });
});
