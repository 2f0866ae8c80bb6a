import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD, createUser, login, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, sleep, waitFor, type TestSocket } from './helpers.js';

const kinds = await databaseKinds();
const PUSH_KEYS = ['id', 'title', 'message', 'type', 'timestamp', 'read', 'is_system', 'source', 'duration', 'user', 'target_role'];

describe.each(kinds)('notifications over sockets (%s)', (kind) => {
  let t: TestApp;
  let port: number;
  let owner: Session, manager: Session, alice: Session, bob: Session, viewer: Session;
  const sockets: Record<string, TestSocket[]> = {};
  const all = () => Object.values(sockets).flat();
  const reset = () => all().forEach((s) => s.received.splice(0));
  const titlesOf = (name: string) => sockets[name].map((s) => s.received.map((n: { title: string }) => n.title));
  const settle = () => sleep(150);

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    port = await t.app.listen();
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'manny', 'manager');
    alice = await createUser(t.app, owner, 'alice', 'user');
    bob = await createUser(t.app, owner, 'bob', 'user');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    for (const [name, s, count] of [['owner', owner, 1], ['manager', manager, 1], ['alice', alice, 2], ['bob', bob, 1], ['viewer', viewer, 1]] as const) {
      sockets[name] = [];
      for (let i = 0; i < count; i++) sockets[name].push(await connectSocket(port, s.access));
    }
  });
  afterAll(async () => {
    all().forEach((s) => s.close());
    await t?.close();
  });

  it("delivers a personal notification to that user's sockets only", async () => {
    reset();
    const created = (await api(t.app, 'POST', '/api/notifications/', owner, { title: 'Only Bob', user: bob.id, type: 'warning' })).body;
    await waitFor(() => sockets.bob[0].received.length === 1, 3000, 'bob push');
    await settle();
    const push = sockets.bob[0].received[0];
    expect(Object.keys(push)).toEqual(PUSH_KEYS);
    expect(push).toEqual({
      id: created.id, title: 'Only Bob', message: null, type: 'warning', timestamp: created.timestamp, read: false,
      is_system: false, source: 'user', duration: 5000, user: bob.id, target_role: null,
    });
    expect(all().filter((s) => s !== sockets.bob[0]).every((s) => s.received.length === 0)).toBe(true);
  });

  it('delivers role notifications to that role and system notifications to every socket, exactly once each', async () => {
    reset();
    await api(t.app, 'POST', '/api/notifications/', manager, { title: 'For users', target_role: 'user' });
    await api(t.app, 'POST', '/api/notifications/', owner, { title: 'For all', is_system: true });
    await waitFor(() => sockets.viewer[0].received.length === 1, 3000, 'broadcast');
    await settle();
    expect(titlesOf('alice')).toEqual([['For users', 'For all'], ['For users', 'For all']]);
    expect(titlesOf('bob')).toEqual([['For users', 'For all']]);
    for (const name of ['owner', 'manager', 'viewer']) expect(titlesOf(name)).toEqual([['For all']]);
    expect(sockets.owner[0].received[0]).toMatchObject({ is_system: true, user: null, target_role: null });
  });

  it('send_notification: shapes, acks, permissions and live push', async () => {
    reset();
    const s = sockets.alice[0].socket;
    const self = await s.emitWithAck('send_notification', { user_id: String(alice.id), notification: { title: 'Saved', message: 'ok', type: 'odd', duration: 1200, timestamp: 1, source: 'devices' } });
    expect(self).toMatchObject({ status: 'success', message: 'Notification sent' });
    await waitFor(() => sockets.alice[1].received.length === 1, 3000, 'self push');
    expect(sockets.alice[1].received[0]).toMatchObject({ id: self.notification_id, title: 'Saved', type: 'info', duration: 1200, source: 'devices', user: alice.id });
    const other = await s.emitWithAck('send_notification', { user_id: bob.id, notification: { title: 'Hi Bob' } });
    expect(other).toEqual({ status: 'error', message: 'You do not have permission to perform this action.', error: 'You do not have permission to perform this action.', code: 'permission_denied' });
    expect((await s.emitWithAck('send_notification', { title: 'To all' })).code).toBe('permission_denied');
    expect(await s.emitWithAck('send_notification', { notification: { message: 'no title' } })).toMatchObject({ status: 'error', error: 'Missing required field: title', code: 'invalid' });
    const os = sockets.owner[0].socket;
    const offline = await createUser(t.app, owner, `olga${kind}`, 'viewer');
    expect(await os.emitWithAck('send_notification', { user_id: offline.id, notification: { title: 'Later' } })).toMatchObject({ status: 'success', message: 'Notification stored in database (user not connected)' });
    expect(await os.emitWithAck('send_notification', { user_id: 4242, title: 'x' })).toMatchObject({ error: 'User 4242 not found', code: 'not_found' });
    expect(await os.emitWithAck('send_notification', { target_role: 'pilots', title: 'x' })).toMatchObject({ error: "Role 'pilots' does not exist", code: 'invalid' });
    expect(await os.emitWithAck('send_notification', { target_role: 'user', user_id: bob.id, title: 'x' })).toMatchObject({ error: 'Give at most one of user_id, target_role.' });
    expect(await os.emitWithAck('send_notification', { target_role: 'viewer', title: 'Viewers' })).toMatchObject({ status: 'success', message: 'Notification sent' });
    const broadcast = await os.emitWithAck('send_notification', { notification: { title: 'Flat broadcast', duration: 0 } });
    expect(broadcast).toMatchObject({ status: 'success', message: 'Notification broadcast' });
    await waitFor(() => sockets.bob[0].received.some((n: { title: string }) => n.title === 'Flat broadcast'), 3000, 'broadcast push');
    expect(sockets.bob[0].received.find((n: { title: string }) => n.title === 'Flat broadcast')).toMatchObject({ duration: 0, is_system: true });
    expect(sockets.bob[0].received.some((n: { title: string }) => n.title === 'Viewers')).toBe(false);
  });

  it('get_notifications and mark_notification_read see only visible notifications', async () => {
    const s = sockets.bob[0].socket;
    const page = await s.emitWithAck('get_notifications', { limit: 2 });
    expect(page.status).toBe('success');
    expect(page.notifications).toHaveLength(2);
    const rest = await api(t.app, 'GET', '/api/notifications/', bob);
    expect(page.count).toBe(rest.body.count);
    expect(page.notifications.map((n: { id: string }) => n.id)).toEqual(rest.body.results.slice(0, 2).map((n: { id: string }) => n.id));
    expect((await s.emitWithAck('get_notifications', { limit: 0 })).status).toBe('error');
    const target = page.notifications[0].id;
    expect(await s.emitWithAck('mark_notification_read', {})).toMatchObject({ error: 'Missing notification_id' });
    const alicesOwn = (await api(t.app, 'POST', '/api/notifications/', alice, { title: 'mine' })).body.id;
    expect(await s.emitWithAck('mark_notification_read', { notification_id: alicesOwn })).toMatchObject({ error: 'Notification not found', code: 'not_found' });
    expect(await s.emitWithAck('mark_notification_read', { notification_id: target })).toEqual({ status: 'success', message: 'Notification marked as read' });
    expect((await api(t.app, 'GET', `/api/notifications/${target}/`, bob)).body.read).toBe(true);
    const unread = await s.emitWithAck('get_notifications', { unread_only: true, limit: 100 });
    expect(unread.notifications.every((n: { read: boolean }) => !n.read)).toBe(true);
    expect(unread.count).toBe((await api(t.app, 'GET', '/api/notifications/unread_count/', bob)).body.count);
  });

  it('authenticate re-binds the socket to the new session; register_user accepts only the own id', async () => {
    const client = await connectSocket(port, bob.access);
    const s = client.socket;
    expect(await s.emitWithAck('authenticate', {})).toMatchObject({ error: 'No token provided' });
    expect(await s.emitWithAck('authenticate', { token: 'a.b.c' })).toMatchObject({ error: 'Invalid token' });
    expect(await s.emitWithAck('authenticate', { token: alice.access })).toMatchObject({ error: 'Token belongs to a different user' });
    const fresh = await login(t.app, 'bob', USER_PASSWORD);
    const ok = await s.emitWithAck('authenticate', { token: `Bearer ${fresh.access}` });
    expect(ok).toEqual({
      status: 'success', message: 'Authentication successful', user_id: String(bob.id), email: 'bob@example.com',
      unread_notifications: (await api(t.app, 'GET', '/api/notifications/unread_count/', bob)).body.count,
    });
    // Logging out the socket's original session no longer concerns it.
    expect((await api(t.app, 'POST', '/api/auth/logout/', bob, { refresh: bob.refresh })).status).toBe(200);
    await settle();
    expect(s.connected).toBe(true);
    expect(await s.emitWithAck('register_user', { user_id: bob.id })).toEqual({ status: 'success', message: 'User registered (deprecated method)' });
    expect((await s.emitWithAck('register_user', { user_id: String(bob.id) })).status).toBe('success');
    expect(await s.emitWithAck('register_user', { user_id: alice.id })).toMatchObject({ error: 'user_id does not match the authenticated user' });
    expect(await s.emitWithAck('register_user', {})).toMatchObject({ error: 'No user_id provided' });
    client.close();
    bob = fresh;
  });
});
