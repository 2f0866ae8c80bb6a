import { pbkdf2Sync } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD } from '../helpers/factories.js';
import type { AttemptBody, PageBody, TokensBody } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const BAD_CREDENTIALS = { detail: 'No active account found with the given credentials', code: 'authentication_failed' };
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

describe.each(await databaseKinds())('login credentials and the attempt log (rest.md §3.4) on %s', (kind) => {
  let w: World;
  const login = (username: unknown, password: unknown, ip?: string) =>
    w.call<TokensBody>('POST', '/api/auth/login/', { payload: { username, password }, remoteAddress: ip, headers: { 'user-agent': 'cred-test' } });
  const attempts = (query = '') =>
    w.call<PageBody<AttemptBody>>('GET', `/api/auth/login-attempts/${query}`, { token: w.owner.access });

  beforeAll(async () => {
    w = await createWorld(kind);
    await w.user('Mila.Ruiz');
    const sleepy = await w.user('sleepy');
    await w.call('PATCH', `/api/users/${sleepy.id}/`, { token: w.owner.access, payload: { is_active: false } });
  });
  afterAll(async () => w?.close());

  it('answers tokens, password_expired and the user, and sets last_login', async () => {
    const before = Date.now();
    const res = await login('Mila.Ruiz', USER_PASSWORD);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['refresh', 'access', 'password_expired', 'user']);
    expect(res.body.password_expired).toBe(false);
    expect(res.body.user).toMatchObject({ username: 'Mila.Ruiz', role: 'user', is_active: true });
    expect(Date.parse(String(res.body.user.last_login))).toBeGreaterThanOrEqual(before - 1000);
    expect(res.body.user.last_login).toMatch(/\+00:00$/);
  });

  it('matches the username case-insensitively, then the email', async () => {
    for (const name of ['mila.ruiz', 'MILA.RUIZ', 'mila.ruiz@example.com', 'Mila.Ruiz@EXAMPLE.com']) {
      const res = await login(name, USER_PASSWORD);
      expect(res.status, name).toBe(200);
      expect(res.body.user.username).toBe('Mila.Ruiz');
    }
  });

  it('answers unknown users, wrong passwords and inactive users with the same body', async () => {
    const cases = [login('nobody-here', USER_PASSWORD, '127.0.0.51'), login('Mila.Ruiz', 'Wrong-Password-77', '127.0.0.52'), login('sleepy', USER_PASSWORD, '127.0.0.53')];
    for (const res of await Promise.all(cases)) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(BAD_CREDENTIALS);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="api"');
    }
  });

  it('takes comparable time for an unknown user and a wrong password (a hash is always verified)', async () => {
    const time = async (username: string, ip: string) => {
      const started = performance.now();
      await login(username, 'Wrong-Password-77', ip);
      return performance.now() - started;
    };
    await time('warm-up-user', '127.0.0.60');
    const unknown: number[] = [];
    const wrong: number[] = [];
    for (let i = 0; i < 4; i++) {
      unknown.push(await time(`ghost${i}`, `127.0.0.${61 + i}`));
      wrong.push(await time('Mila.Ruiz', `127.0.0.${71 + i}`));
    }
    expect(median(unknown)).toBeGreaterThan(median(wrong) * 0.4);
  });

  it('accepts older stored hash formats and re-hashes them with argon2id on login', async () => {
    const salt = 'legacysalt123';
    const legacy = `pbkdf2_sha256$1000$${salt}$${pbkdf2Sync(USER_PASSWORD, salt, 1000, 32, 'sha256').toString('base64')}`;
    const weakArgon = await hash(USER_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    for (const [name, stored] of [['old-django', legacy], ['old-argon', weakArgon]]) {
      await w.user(name);
      await w.db.updateTable('users').set({ password_hash: stored }).where('username_normalized', '=', name).execute();
      expect((await login(name, 'Not-The-Password-1')).status).toBe(401);
      expect((await login(name, USER_PASSWORD)).status).toBe(200);
      const row = await w.db.selectFrom('users').select('password_hash').where('username_normalized', '=', name).executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect((await login(name, USER_PASSWORD)).status).toBe(200);
    }
  });

  it('refuses a missing or non-string field with field errors', async () => {
    const res = await w.call('POST', '/api/auth/login/', { payload: { username: 42 }, remoteAddress: '127.0.0.80' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      username: ['This field is required.'], password: ['This field is required.'], detail: 'username: This field is required.', code: 'invalid',
    });
  });

  it('records every attempt with its outcome, newest first', async () => {
    const res = await attempts('?ip_address=127.0.0.51');
    expect(res.status).toBe(200);
    expect(res.body.count).toBe(1);
    const [entry] = res.body.results;
    expect(Object.keys(entry)).toEqual(['id', 'username', 'ip_address', 'user_agent', 'timestamp', 'was_successful', 'outcome']);
    expect(entry).toMatchObject({ username: 'nobody-here', ip_address: '127.0.0.51', user_agent: 'cred-test', was_successful: false, outcome: 'invalid_credentials' });
    expect(entry.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    expect((await attempts('?ip_address=127.0.0.53')).body.results.map((a) => a.outcome)).toEqual(['inactive']);
    expect((await attempts('?ip_address=127.0.0.80')).body.results.map((a) => a.outcome)).toEqual(['invalid_request']);
    const all = (await attempts('?page_size=500')).body.results;
    const times = all.map((a) => Date.parse(a.timestamp));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by username (exact, case-insensitive), success, IP and time', async () => {
    const mine = (await attempts('?username=MILA.ruiz&page_size=500')).body;
    expect(mine.count).toBe(9);
    expect(mine.results.every((a) => a.username.toLowerCase() === 'mila.ruiz')).toBe(true);
    expect((await attempts('?username=mila')).body.count).toBe(0);
    const ok = (await attempts('?username=mila.ruiz&was_successful=true&page_size=500')).body.results;
    expect(ok.length).toBeGreaterThan(0);
    expect(ok.every((a) => a.was_successful && a.outcome === 'success')).toBe(true);
    const failed = (await attempts('?username=mila.ruiz&was_successful=false&page_size=500')).body.results;
    expect(failed.length + ok.length).toBe(mine.count);
    const since = new Date().toISOString();
    await login('Mila.Ruiz', USER_PASSWORD, '127.0.0.90');
    const recent = (await attempts(`?since=${encodeURIComponent(since)}`)).body.results;
    expect(recent.map((a) => a.ip_address)).toEqual(['127.0.0.90']);
  });

  it('paginates with absolute next/previous links that keep the filters', async () => {
    const first = await attempts('?username=mila.ruiz&page_size=2');
    expect(first.body.results).toHaveLength(2);
    expect(first.body.previous).toBeNull();
    const next = new URL(String(first.body.next));
    expect(next.searchParams.get('page')).toBe('2');
    expect(next.searchParams.get('username')).toBe('mila.ruiz');
    expect(next.searchParams.get('page_size')).toBe('2');
    const second = await attempts(`?${next.searchParams}`);
    expect(second.body.results[0].id).not.toBe(first.body.results[0].id);
    expect(second.body.previous).not.toBeNull();
    expect((await attempts('?page=999')).body).toEqual({ detail: 'Invalid page.', code: 'not_found' });
  });
});
