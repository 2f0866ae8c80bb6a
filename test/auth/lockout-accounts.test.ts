import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD, type Session } from '../helpers/factories.js';
import { arrayOf, expectShape, User } from '../contract/shapes.js';
import type { PageBody, AttemptBody, UserView } from './support/http.js';
import { createWorld, type World } from './support/world.js';

type Listed = UserView & { locked_until: string | null };
const LockableUser = { ...User, locked_until: 'timestamp?' };
const RANKED_ABOVE = { detail: 'You cannot modify a user ranked above you', code: 'permission_denied' };

/** The lockout key is the account (rest.md §3.8 with the client IP), and administrators can lift a lock. */
describe.each(await databaseKinds())('account lockout and unlock on %s', (kind) => {
  let w: World;
  let admin: Session;
  const attempt = (username: string, password: string, ip = '127.0.0.1') =>
    w.call('POST', '/api/auth/login/', { payload: { username, password }, remoteAddress: ip });
  const fail = async (username: string, times: number, ip = '127.0.0.1') => {
    for (let i = 0; i < times; i++) expect((await attempt(username, 'Wrong-Password-000', ip)).status).toBe(401);
  };
  const listed = async (username: string): Promise<Listed> => {
    const res = await w.call<Listed[]>('GET', '/api/users/', { token: w.owner.access });
    expect(res.status).toBe(200);
    return res.body.find((u) => u.username === username)!;
  };
  const unlock = (id: number, token = w.owner.access) => w.call<Listed>('POST', `/api/users/${id}/unlock/`, { token });

  beforeAll(async () => {
    w = await createWorld(kind, { MAX_LOGIN_ATTEMPTS: '3', ACCOUNT_LOCKOUT_DURATION: '1' });
    admin = await w.user('root2', 'admin');
    for (const name of ['alice', 'bea', 'carl', 'dora', 'emil']) await w.user(name);
    await w.db.deleteFrom('login_attempts').execute();
  });
  afterAll(async () => w?.close());

  it('counts failures by username and by email against one account', async () => {
    await fail('alice', 3);
    expect((await attempt('alice@example.com', USER_PASSWORD)).status).toBe(429);
    await fail('BEA', 2);
    await fail('bea@EXAMPLE.com', 1);
    expect((await attempt('bea', USER_PASSWORD)).status).toBe(429);
    // Still per address: the account logs in from elsewhere.
    expect((await attempt('alice@example.com', USER_PASSWORD, '127.0.0.9')).status).toBe(200);
  });

  it('keys identifiers that name no account as typed (lowercase)', async () => {
    await fail('Ghost', 3);
    expect((await attempt('ghost', 'whatever-it-is')).status).toBe(429);
    expect((await attempt('ghost2', 'whatever-it-is')).status).toBe(401);
  });

  it('lists locked_until: the end of the latest lock from any address, null when not locked', async () => {
    await fail('carl', 3, '127.0.0.5');
    const before = Date.now();
    const res = await w.call<Listed[]>('GET', '/api/users/', { token: w.owner.access });
    expectShape(res.body, arrayOf(LockableUser));
    const carl = res.body.find((u) => u.username === 'carl')!;
    const until = Date.parse(carl.locked_until!);
    expect(until).toBeGreaterThan(before + 55_000);
    expect(until).toBeLessThanOrEqual(before + 60_000);
    expect(res.body.find((u) => u.username === 'dora')!.locked_until).toBeNull();
    // The caller sees its own row with the same key.
    const own = await w.call<Listed[]>('GET', '/api/users/', { token: (await w.login('dora')).access });
    expect(own.body.map((u) => [u.username, u.locked_until])).toEqual([['dora', null]]);
  });

  it('POST users/{id}/unlock/ lifts the lock from every address and keeps the attempts in the log', async () => {
    const dora = await w.login('dora');
    await fail('dora', 3, '127.0.0.2');
    await fail('dora@example.com', 3, '127.0.0.3');
    expect((await attempt('dora', USER_PASSWORD, '127.0.0.2')).status).toBe(429);
    expect((await listed('dora')).locked_until).not.toBeNull();

    const res = await unlock(dora.id);
    expect(res.status).toBe(200);
    expectShape(res.body, LockableUser);
    expect(res.body).toMatchObject({ id: dora.id, username: 'dora', locked_until: null });
    expect((await listed('dora')).locked_until).toBeNull();
    expect((await attempt('dora', USER_PASSWORD, '127.0.0.2')).status).toBe(200);
    expect((await attempt('dora@example.com', USER_PASSWORD, '127.0.0.3')).status).toBe(200);

    const log = await w.call<PageBody<AttemptBody>>('GET', '/api/auth/login-attempts/?username=dora', { token: w.owner.access });
    expect(log.body.results.filter((a) => a.outcome === 'invalid_credentials')).toHaveLength(3);
    // Only earlier failures were forgiven: new ones lock again.
    await fail('dora', 3, '127.0.0.2');
    expect((await attempt('dora', USER_PASSWORD, '127.0.0.2')).status).toBe(429);
  });

  it('applies can_manage_users and the rank rules; unknown or malformed ids are 404', async () => {
    const emil = await w.login('emil');
    const manager = await w.user('mgr1', 'manager');
    const denied = await unlock(emil.id, manager.access);
    expect([denied.status, denied.body]).toEqual([403, { detail: 'You do not have permission to perform this action.', code: 'permission_denied' }]);
    expect((await unlock(emil.id, admin.access)).status).toBe(200);
    const owner = await unlock(w.owner.id, admin.access);
    expect([owner.status, owner.body]).toEqual([403, RANKED_ABOVE]);
    expect((await unlock(w.owner.id)).status).toBe(200);
    expect((await unlock(admin.id, admin.access)).status).toBe(200);
    for (const id of ['99999', 'abc']) expect((await w.call('POST', `/api/users/${id}/unlock/`, { token: w.owner.access })).status).toBe(404);
    expect((await w.call('POST', `/api/users/${emil.id}/unlock/`)).status).toBe(401);
    expect((await w.call('GET', `/api/users/${emil.id}/unlock/`, { token: w.owner.access })).status).toBe(405);
  });
});

describe('everyst users unlock', { timeout: 120_000 }, () => {
  const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
  let w: World;
  beforeAll(async () => {
    w = await createWorld('sqlite', { MAX_LOGIN_ATTEMPTS: '2' });
    await w.user('fritz');
  });
  afterAll(async () => w?.close());

  const cli = (args: string[]) => new Promise<{ code: number | null; out: string }>((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', LOG_LEVEL: 'silent', EVERYST_DATA_DIR: w.t.dataDir, SECRET_KEY: 'cli-secret-key-0123456789abcdef0123456789' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => done({ code, out }));
  });

  it('lifts the lock of the named account', async () => {
    for (let i = 0; i < 2; i++) await w.call('POST', '/api/auth/login/', { payload: { username: 'fritz', password: 'nope-nope-nope' } });
    expect((await w.login('fritz')).status).toBe(429);
    const res = await cli(['users', 'unlock', 'fritz']);
    expect(res).toEqual({ code: 0, out: 'Unlocked fritz: earlier failed logins no longer count.\n' });
    expect((await w.login('fritz')).status).toBe(200);
    const unknown = await cli(['users', 'unlock', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('No user named "nobody"');
    expect((await cli(['users', 'unlock'])).code).toBe(2);
  });
});
