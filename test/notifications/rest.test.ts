import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api } from './helpers.js';

const kinds = await databaseKinds();

describe.each(kinds)('notifications REST (%s)', (kind) => {
  let t: TestApp;
  let owner: Session, manager: Session, alice: Session, bob: Session, viewer: Session;
  const call = (method: Parameters<typeof api>[1], url: string, who?: Session, payload?: unknown) => api(t.app, method, url, who, payload);
  const titles = async (who: Session, query = '') => (await call('GET', `/api/notifications/${query}`, who)).body.results.map((n: { title: string }) => n.title);

  beforeAll(async () => {
    t = await createTestApp(kind);
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'manny', 'manager');
    alice = await createUser(t.app, owner, 'alice', 'user');
    bob = await createUser(t.app, owner, 'bob', 'user');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
  });
  afterAll(() => t?.close());

  it('creates a notification for the caller by default, with the documented shape', async () => {
    const res = await call('POST', '/api/notifications/', alice, { title: '  Saved  ', message: 'Device renamed' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(['id', 'user', 'title', 'message', 'type', 'timestamp', 'is_system', 'source', 'read', 'target_role', 'created_by', 'created_at']);
    expect(res.body).toMatchObject({ user: alice.id, title: 'Saved', type: 'info', source: 'user', is_system: false, read: false, target_role: null, created_by: alice.id });
    expect(Number.isInteger(res.body.timestamp)).toBe(true);
    expect(new Date(res.body.created_at).getTime()).toBe(res.body.timestamp);
  });

  it('validates fields and allows at most one target', async () => {
    const missing = await call('POST', '/api/notifications/', alice, { message: 'x' });
    expect(missing.body).toMatchObject({ title: ['This field is required.'], code: 'invalid' });
    const long = await call('POST', '/api/notifications/', alice, { title: 'x'.repeat(201), type: 'loud' });
    expect(long.body.title).toEqual(['Ensure this field has no more than 200 characters.']);
    expect(long.body.type).toEqual(['"loud" is not a valid choice.']);
    const two = await call('POST', '/api/notifications/', owner, { title: 'x', user: alice.id, is_system: true });
    expect(two.status).toBe(400);
    expect(two.body).toEqual({ non_field_errors: ['Give at most one of user, target_role, is_system.'], detail: 'Give at most one of user, target_role, is_system.', code: 'invalid' });
  });

  it('enforces who may address other users, roles and everyone (roles.md)', async () => {
    expect((await call('POST', '/api/notifications/', alice, { title: 'x', user: bob.id })).status).toBe(403);
    expect((await call('POST', '/api/notifications/', manager, { title: 'x', user: bob.id })).status).toBe(403);
    expect((await call('POST', '/api/notifications/', alice, { title: 'x', target_role: 'user' })).status).toBe(403);
    expect((await call('POST', '/api/notifications/', viewer, { title: 'x', is_system: true })).status).toBe(403);
    expect((await call('POST', '/api/notifications/', manager, { title: 'x', target_role: 'viewer' })).status).toBe(201);
    expect((await call('POST', '/api/notifications/', alice, { title: 'x', user: alice.id })).status).toBe(201);
    const unknownUser = await call('POST', '/api/notifications/', owner, { title: 'x', user: 9999 });
    expect(unknownUser.body).toMatchObject({ user: ['User 9999 not found'], code: 'invalid' });
    const unknownRole = await call('POST', '/api/notifications/', manager, { title: 'x', target_role: 'pilots' });
    expect(unknownRole.body).toMatchObject({ target_role: ["Role 'pilots' does not exist"] });
    // The permission check comes before the existence check.
    expect((await call('POST', '/api/notifications/', alice, { title: 'x', target_role: 'pilots' })).status).toBe(403);
  });

  it("never shows one user's personal notification to another", async () => {
    const secret = (await call('POST', '/api/notifications/', owner, { title: 'For Bob only', user: bob.id })).body;
    expect(await titles(bob)).toContain('For Bob only');
    expect(await titles(alice)).not.toContain('For Bob only');
    expect(await titles(owner)).not.toContain('For Bob only');
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      expect((await call(method, `/api/notifications/${secret.id}/`, alice, method === 'PATCH' ? { read: true } : undefined)).status).toBe(404);
    }
    expect((await call('POST', '/api/notifications/mark_as_read/', alice, { ids: [secret.id] })).body).toEqual({ updated: 0 });
    expect((await call('GET', `/api/notifications/${secret.id}/`, bob)).body.read).toBe(false);
    expect((await call('GET', '/api/notifications/not-a-uuid/', bob)).status).toBe(404);
  });

  it('keeps read state per recipient for role and system notifications', async () => {
    const role = (await call('POST', '/api/notifications/', owner, { title: 'Users meeting', target_role: 'user' })).body;
    expect(await titles(alice)).toContain('Users meeting');
    expect(await titles(viewer)).not.toContain('Users meeting');
    const read = await call('PATCH', `/api/notifications/${role.id}/`, alice, { read: true });
    expect(read.body).toMatchObject({ id: role.id, read: true, user: null, target_role: 'user' });
    expect((await call('GET', `/api/notifications/${role.id}/`, bob)).body.read).toBe(false);
    expect((await call('PUT', `/api/notifications/${role.id}/`, alice, { is_read: false })).body.read).toBe(false);
    expect((await call('PATCH', `/api/notifications/${role.id}/`, alice, { read: 'yes' })).body).toMatchObject({ read: ['Must be a valid boolean.'] });
  });

  it('dismisses role/system notifications for a plain user, deletes them for everyone with can_manage_system', async () => {
    const system = (await call('POST', '/api/notifications/', owner, { title: 'Maintenance tonight', is_system: true })).body;
    expect((await call('DELETE', `/api/notifications/${system.id}/`, alice)).status).toBe(204);
    expect(await titles(alice)).not.toContain('Maintenance tonight');
    expect(await titles(bob)).toContain('Maintenance tonight');
    expect((await call('GET', `/api/notifications/${system.id}/`, alice)).status).toBe(404);
    expect((await call('DELETE', `/api/notifications/${system.id}/`, manager)).status).toBe(204);
    expect(await titles(bob)).not.toContain('Maintenance tonight');
    expect(await titles(owner)).not.toContain('Maintenance tonight');
    const mine = (await call('POST', '/api/notifications/', viewer, { title: 'Personal note' })).body;
    expect((await call('DELETE', `/api/notifications/${mine.id}/`, viewer)).status).toBe(204);
    const rows = await t.app.ctx.db.selectFrom('notifications').select('id').where('id', '=', mine.id).execute();
    expect(rows).toEqual([]);
  });

  it('marks read by ids and all at once (with an empty body), and counts unread', async () => {
    const u = await createUser(t.app, owner, `carol${kind}`, 'viewer');
    const created = [];
    for (const title of ['one', 'two', 'three']) created.push((await call('POST', '/api/notifications/', u, { title })).body);
    const systemCount = (await call('GET', '/api/notifications/unread_count/', u)).body.count;
    expect(systemCount).toBeGreaterThanOrEqual(3);
    expect((await call('POST', '/api/notifications/mark_as_read/', u)).body).toEqual({ updated: 0 });
    const bad = await call('POST', '/api/notifications/mark_as_read/', u, { ids: [created[0].id, 'nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ids: ['"nope" is not a valid UUID.'], code: 'invalid' });
    expect((await call('POST', '/api/notifications/mark_as_read/', u, { ids: 'nope' })).status).toBe(400);
    const foreign = (await call('POST', '/api/notifications/', bob, { title: 'bob' })).body.id;
    const some = await call('POST', '/api/notifications/mark-as-read/', u, { ids: [created[0].id, created[0].id, foreign] });
    expect(some.body).toEqual({ updated: 1 });
    expect((await call('GET', '/api/notifications/unread_count/', u)).body).toEqual({ count: systemCount - 1 });
    const res = await t.app.http.inject({ method: 'POST', url: '/api/notifications/mark_all_as_read/', headers: { authorization: `Bearer ${u.access}`, 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ updated: systemCount - 1 });
    expect((await call('GET', '/api/notifications/unread-count', u)).body).toEqual({ count: 0 });
    expect((await call('GET', '/api/notifications/', u)).body.unread_count).toBe(0);
    expect((await call('GET', '/api/notifications/unread_count/', bob)).body.count).toBeGreaterThan(0);
  });

  it('lists newest first with filters and pagination; recent is a bare array of the last 7 days', async () => {
    const u = await createUser(t.app, owner, `dave${kind}`, 'viewer');
    for (let i = 1; i <= 12; i++) await call('POST', '/api/notifications/', u, { title: `n${i}`, type: i % 3 === 0 ? 'error' : 'info', source: i === 5 ? 'backup' : 'mine' });
    const page = await call('GET', '/api/notifications/?page_size=5&source=mine', u);
    expect(page.body.count).toBe(11);
    expect(page.body.results.map((n: { title: string }) => n.title)).toEqual(['n12', 'n11', 'n10', 'n9', 'n8']);
    expect(page.body.next).toMatch(/page=2/);
    expect(await titles(u, '?type=error&source=mine')).toEqual(['n12', 'n9', 'n6', 'n3']);
    expect(await titles(u, '?source=backup')).toEqual(['n5']);
    const old = (await call('GET', '/api/notifications/?source=mine&page_size=1&page=11', u)).body.results[0];
    expect(old.title).toBe('n1');
    await t.app.ctx.db.updateTable('notifications').set({ timestamp: '2020-01-01T00:00:00.000Z' }).where('id', '=', old.id).execute();
    const since = await titles(u, `?source=mine&since=${encodeURIComponent('2024-01-01T00:00:00+02:00')}`);
    expect(since).not.toContain('n1');
    expect((await call('GET', '/api/notifications/?since=yesterday', u)).status).toBe(400);
    await call('PATCH', `/api/notifications/${page.body.results[0].id}/`, u, { read: true });
    expect((await titles(u, '?unread=false&source=mine'))).toEqual(['n12']);
    const recent = await call('GET', '/api/notifications/recent/', u);
    expect(Array.isArray(recent.body)).toBe(true);
    expect(recent.body).toHaveLength(10);
    expect(recent.body[0].title).toBe('n12');
    await t.app.ctx.db.updateTable('notifications').set({ timestamp: '2020-01-01T00:00:00.000Z' }).where('user_id', '=', u.id).where('title', '!=', 'n12').execute();
    const fresh = (await call('GET', '/api/notifications/recent/', u)).body.filter((n: { user: number | null }) => n.user === u.id);
    expect(fresh.map((n: { title: string }) => n.title)).toEqual(['n12']);
  });

  it('stores delivery preferences per user', async () => {
    expect((await call('GET', '/api/notifications/preferences/', alice)).body).toEqual({ email: { enabled: false, min_type: 'warning' } });
    expect((await call('PATCH', '/api/notifications/preferences/', alice, { email: { enabled: true } })).body).toEqual({ email: { enabled: true, min_type: 'warning' } });
    expect((await call('PATCH', '/api/notifications/preferences/', alice, { email: { min_type: 'error' } })).body).toEqual({ email: { enabled: true, min_type: 'error' } });
    expect((await call('PUT', '/api/notifications/preferences/', alice, { email: { min_type: 'info' } })).body).toEqual({ email: { enabled: false, min_type: 'info' } });
    expect((await call('PUT', '/api/notifications/preferences/', alice, { email: { min_type: 'success' } })).status).toBe(400);
    expect((await call('GET', '/api/notifications/preferences/', bob)).body).toEqual({ email: { enabled: false, min_type: 'warning' } });
  });

  it('answers 401 without a token and keeps deliveries and integrations to can_manage_system', async () => {
    expect((await call('GET', '/api/notifications/')).status).toBe(401);
    expect((await call('GET', '/api/notifications/deliveries/', alice)).status).toBe(403);
    expect((await call('GET', '/api/integrations/smtp/', alice)).status).toBe(403);
    expect((await call('GET', '/api/integrations/webhooks/', viewer)).status).toBe(403);
    expect((await call('GET', '/api/notifications/deliveries/', manager)).status).toBe(200);
    expect((await call('GET', '/api/v1/integrations/webhooks', manager)).status).toBe(200);
  });
});
