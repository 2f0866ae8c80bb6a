/**
 * Change counters (migration 005) and the caches they validate: the authenticated account per session and the
 * notification list pages. Two app instances share one database; whatever one changes, the other answers
 * exactly at once, with no bus between them. The counters move on every change, cascades included.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { maskDatabaseUrl } from '../../src/config/database-url.js';
import type { Config } from '../../src/config/config.js';
import pino from 'pino';
import { api } from '../helpers/api.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD, createUser, login, registerOwner, type Session } from '../helpers/factories.js';

function databaseUrlOf(config: Config): string {
  return config.database.kind === 'sqlite' ? maskDatabaseUrl(config.database) : config.database.url;
}

describe.each(await databaseKinds())('change counters on %s', (kind) => {
  let a: TestApp;
  let b: App;
  let owner: Session;

  beforeEach(async () => {
    a = await createTestApp(kind);
    b = await buildApp(testConfig({ DATABASE_URL: databaseUrlOf(a.config) }).config, { logger: pino({ level: 'silent' }) });
    owner = await registerOwner(a.app);
  });

  afterEach(async () => {
    await b.close();
    await a.close();
  });

  const counter = async (app: App, name: string) =>
    Number((await app.ctx.db.selectFrom('change_counters').select('value').where('name', '=', name).executeTakeFirstOrThrow()).value);

  it('a notification list cached on one instance shows what the other created, read and deleted', async () => {
    const list = async () => (await api(a.app, 'GET', '/api/notifications/', owner)).body;
    expect((await list()).count).toBe(0);

    const created = await api(b, 'POST', '/api/notifications/', owner, { title: 'Disk almost full', message: 'sda1 at 93 %', type: 'warning' });
    expect(created.status).toBe(201);
    let page = await list();
    expect(page).toMatchObject({ count: 1, unread_count: 1, next: null, previous: null });
    expect(page.results[0]).toMatchObject({ id: created.body.id, title: 'Disk almost full', read: false });
    expect(await list()).toEqual(page);

    expect((await api(b, 'POST', '/api/notifications/mark_all_as_read/', owner, {})).status).toBe(200);
    page = await list();
    expect(page).toMatchObject({ count: 1, unread_count: 0 });
    expect(page.results[0].read).toBe(true);

    expect((await api(b, 'DELETE', `/api/notifications/${created.body.id}/`, owner)).status).toBe(204);
    expect(await list()).toMatchObject({ count: 0, unread_count: 0, results: [] });
  });

  it('pages of different viewers, filters and sizes are kept apart', async () => {
    const user = await createUser(a.app, owner, 'carol', 'user');
    for (const type of ['info', 'error', 'info']) await api(a.app, 'POST', '/api/notifications/', owner, { title: `owner ${type}`, type });
    await api(a.app, 'POST', '/api/notifications/', user, { title: 'carol only' });

    expect((await api(a.app, 'GET', '/api/notifications/', owner)).body.count).toBe(3);
    expect((await api(a.app, 'GET', '/api/notifications/', user)).body.results.map((n: { title: string }) => n.title)).toEqual(['carol only']);
    expect((await api(a.app, 'GET', '/api/notifications/?type=error', owner)).body.count).toBe(1);
    const firstPage = (await api(a.app, 'GET', '/api/notifications/?page_size=2', owner)).body;
    expect(firstPage.results).toHaveLength(2);
    expect(firstPage.next).toMatch(/page=2/);
    const second = (await api(a.app, 'GET', '/api/notifications/?page_size=2&page=2', owner)).body;
    expect(second.results).toHaveLength(1);
    expect(second.previous).not.toBeNull();
  });

  it('a session cached on one instance follows role changes, logout and deactivation made on the other', async () => {
    const user = await createUser(a.app, owner, 'dave', 'user');
    const second = await login(a.app, 'dave', USER_PASSWORD);
    const me = (who: Session) => api(a.app, 'GET', '/api/users/me/', who);
    expect((await me(user)).body.role).toBe('user');
    expect((await me(second)).status).toBe(200);

    expect((await api(b, 'POST', `/api/users/${user.id}/set_role/`, owner, { role: 'manager' })).status).toBe(200);
    expect((await me(user)).body.role).toBe('manager');

    expect((await api(b, 'POST', '/api/auth/logout/', second, { refresh: second.refresh })).status).toBe(200);
    expect((await me(second)).status).toBe(401);
    expect((await me(user)).status).toBe(200);

    expect((await api(b, 'PATCH', `/api/users/${user.id}/`, owner, { is_active: false })).status).toBe(200);
    expect((await me(user)).status).toBe(401);
  });

  it('counts every change of the counted tables, cascades included', async () => {
    const user = await createUser(a.app, owner, 'erin', 'user');
    await api(a.app, 'POST', '/api/notifications/', user, { title: 'erin note' });
    const before = { accounts: await counter(a.app, 'accounts'), notifications: await counter(a.app, 'notifications') };

    // Deleting the user cascades to their notifications: both counters move, no service code involved.
    await a.app.ctx.db.deleteFrom('users').where('id', '=', user.id).execute();
    expect(await counter(a.app, 'accounts')).toBeGreaterThan(before.accounts);
    expect(await counter(a.app, 'notifications')).toBeGreaterThan(before.notifications);

    const accounts = await counter(a.app, 'accounts');
    await a.app.ctx.db.updateTable('roles').set({ description: 'changed' }).where('name', '=', 'viewer').execute();
    expect(await counter(a.app, 'accounts')).toBeGreaterThan(accounts);

    // A statement that changes nothing counted leaves the counters alone.
    const now = { accounts: await counter(a.app, 'accounts'), notifications: await counter(a.app, 'notifications') };
    await a.app.ctx.db.selectFrom('notifications').selectAll().execute();
    expect({ accounts: await counter(a.app, 'accounts'), notifications: await counter(a.app, 'notifications') }).toEqual(now);
  });
});
