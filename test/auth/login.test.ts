import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoginOutcome } from '../../src/auth/accounts/login-attempts.repository.js';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD } from '../helpers/factories.js';
import type { PageBody, AttemptBody, Res } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const LOCKED = (minutes: number) => ({
  detail: `Account temporarily locked due to too many failed login attempts. Please try again in ${minutes} minutes.`,
  code: 'locked_out',
});

/** The 429 of rest.md §3.8 with `Retry-After` equal to the seconds remaining (± 1 s for the clock). */
function expectLocked(res: Res<unknown>, secondsRemaining?: number) {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  if (secondsRemaining !== undefined) expect(Math.abs(retryAfter - secondsRemaining)).toBeLessThanOrEqual(1);
  expect(res.body).toEqual(LOCKED(Math.floor(retryAfter / 60) + 1));
}

describe.each(await databaseKinds())('login lockout (rest.md §3.8) on %s', (kind) => {
  let w: World;
  const attempt = (username: string, password: string, opts: { ip?: string; xff?: string; world?: World } = {}) =>
    (opts.world ?? w).call('POST', '/api/auth/login/', {
      payload: { username, password }, remoteAddress: opts.ip, headers: opts.xff ? { 'x-forwarded-for': opts.xff } : {},
    });
  const fail = async (username: string, times: number, opts: { ip?: string; xff?: string; world?: World } = {}) => {
    for (let i = 0; i < times; i++) expect((await attempt(username, 'Wrong-Password-000', opts)).status).toBe(401);
  };
  /** Stored attempts of a username, oldest first. */
  const attemptsOf = (username: string, world = w) => world.db.selectFrom('login_attempts').select(['id', 'ip_address', 'outcome'])
    .where('username_normalized', '=', username).orderBy('id').execute();
  /** Moves every stored attempt of `username` to `secondsAgo[i]` seconds in the past, oldest first. */
  async function backdate(username: string, secondsAgo: number[]) {
    const rows = await attemptsOf(username);
    for (const [i, row] of rows.entries()) {
      const at = new Date(Date.now() - (secondsAgo[i] ?? 0) * 1000).toISOString();
      await w.db.updateTable('login_attempts').set({ timestamp: at }).where('id', '=', row.id).execute();
    }
  }
  /** Forgets the logins the user factory made, so each test sees only its own attempts. */
  const clearAttempts = (world = w) => world.db.deleteFrom('login_attempts').execute();
  const record = (username: string, outcome: LoginOutcome, secondsAgo: number, ip = '127.0.0.1') =>
    w.app.ctx.repos.loginAttempts.record({ username, ip, userAgent: null, outcome, at: new Date(Date.now() - secondsAgo * 1000).toISOString() });

  beforeAll(async () => {
    w = await createWorld(kind, { MAX_LOGIN_ATTEMPTS: '3', ACCOUNT_LOCKOUT_DURATION: '1' });
    for (const name of ['kim', 'lena', 'timo', 'rhea', 'ivy', 'xavi', 'nils', 'olga', 'pia']) await w.user(name);
    await clearAttempts();
  });
  afterAll(async () => w?.close());

  it('locks the key after MAX_LOGIN_ATTEMPTS failures, even for the right password, and records locked_out', async () => {
    await fail('kim', 3);
    const locked = await attempt('kim', USER_PASSWORD);
    expectLocked(locked);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(55);
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await attemptsOf('kim')).map((a) => a.outcome)).toEqual(['invalid_credentials', 'invalid_credentials', 'invalid_credentials', 'locked_out']);
  });

  it('lifts the lock when the failures leave the ACCOUNT_LOCKOUT_DURATION window', async () => {
    await fail('lena', 3);
    expectLocked(await attempt('lena', USER_PASSWORD));
    await backdate('lena', [61, 61, 61, 61]);
    expect((await attempt('lena', USER_PASSWORD)).status).toBe(200);
  });

  it('counts the remaining time from the (n − MAX + 1)-th oldest failure; locked_out attempts do not extend it', async () => {
    for (const ago of [50, 40, 30, 20]) await record('timo', 'invalid_credentials', ago);
    expectLocked(await attempt('timo', USER_PASSWORD), 20);
    await record('timo', 'locked_out', 1);
    expectLocked(await attempt('timo', USER_PASSWORD), 20);
    for (const ago of [55, 45, 35]) await record('rhea', 'invalid_credentials', ago);
    expectLocked(await attempt('rhea', USER_PASSWORD), 5);
  });

  it('forgets failures older than the last successful login', async () => {
    await fail('xavi', 2);
    expect((await attempt('xavi', USER_PASSWORD)).status).toBe(200);
    await fail('xavi', 2);
    expect((await attempt('xavi', USER_PASSWORD)).status).toBe(200);
  });

  it('counts malformed requests (invalid_request) as failures', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await w.call('POST', '/api/auth/login/', { payload: { username: 'ivy' } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ password: ['This field is required.'], detail: 'password: This field is required.', code: 'invalid' });
    }
    expectLocked(await attempt('ivy', USER_PASSWORD));
    expect((await attemptsOf('ivy')).map((a) => a.outcome)).toEqual(['invalid_request', 'invalid_request', 'invalid_request', 'locked_out']);
  });

  it('keys the lock on the lowercase username and the client IP', async () => {
    await fail('NILS', 3, { ip: '127.0.0.21' });
    expectLocked(await attempt('nils', USER_PASSWORD, { ip: '127.0.0.21' }));
    expect((await attempt('Nils', USER_PASSWORD, { ip: '127.0.0.22' })).status).toBe(200);
    expect((await attempt('olga', USER_PASSWORD, { ip: '127.0.0.21' })).status).toBe(200);
  });

  it('ignores X-Forwarded-For without TRUST_PROXY: the key and the log use the TCP peer', async () => {
    for (const xff of ['127.1.0.1', '127.1.0.2', '127.1.0.3']) await fail('pia', 1, { ip: '127.0.0.31', xff });
    expectLocked(await attempt('pia', USER_PASSWORD, { ip: '127.0.0.31', xff: '127.1.0.4' }));
    expect(new Set((await attemptsOf('pia')).map((a) => a.ip_address))).toEqual(new Set(['127.0.0.31']));
  });

  it('uses the first X-Forwarded-For address with TRUST_PROXY', async () => {
    const proxied = await createWorld(kind, { MAX_LOGIN_ATTEMPTS: '3', TRUST_PROXY: 'true' });
    try {
      await proxied.user('quinn');
      await clearAttempts(proxied);
      await fail('quinn', 3, { world: proxied, ip: '127.0.0.41', xff: '127.2.0.1, 127.0.0.41' });
      expectLocked(await attempt('quinn', USER_PASSWORD, { world: proxied, ip: '127.0.0.41', xff: '127.2.0.1' }));
      expect((await attempt('quinn', USER_PASSWORD, { world: proxied, ip: '127.0.0.41', xff: '127.2.0.2' })).status).toBe(200);
      const log = await proxied.call<PageBody<AttemptBody>>('GET', '/api/auth/login-attempts/?username=quinn', { token: proxied.owner.access });
      expect(log.body.results.map((a) => a.ip_address)).toEqual(['127.2.0.2', '127.2.0.1', '127.2.0.1', '127.2.0.1', '127.2.0.1']);
      expect((await attemptsOf('quinn', proxied)).length).toBe(5);
    } finally {
      await proxied.close();
    }
  });

  it('never locks with MAX_LOGIN_ATTEMPTS=0', async () => {
    const open = await createWorld(kind, { MAX_LOGIN_ATTEMPTS: '0' });
    try {
      await open.user('rory');
      await fail('rory', 8, { world: open });
      expect((await attempt('rory', USER_PASSWORD, { world: open })).status).toBe(200);
    } finally {
      await open.close();
    }
  });
});
