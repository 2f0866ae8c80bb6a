import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { login, OWNER_PASSWORD } from '../helpers/factories.js';
import { contractEvent, createWorld, type World } from './harness.js';
import { arrayOf, expectErrorAck, expectShape, Notification, oneOf, PERMISSION_DENIED } from './shapes.js';
import { MetricsObject } from './shapes-host.js';
import { ack, connect, refusal, type Client } from './sockets.js';

const ENV = { API_PORT: '0', API_HOST: '127.0.0.1', METRICS_INTERVAL_SECONDS: '0.5' };
const ALL_GROUPS = ['core', 'cpu', 'memory', 'swap', 'filesystems', 'disk_io', 'network', 'processes', 'temperatures', 'host'];

describe.each(await databaseKinds())('connection, notification, account and metrics events (realtime.md §2–§5) on %s', (kind) => {
  let w: World;
  let port: number;
  let owner: Client;
  let viewer: Client;
  beforeAll(async () => {
    w = await createWorld(kind, ENV, ['manager', 'viewer']);
    port = await w.t.app.listen();
    [owner, viewer] = await Promise.all([connect(port, w.owner.access), connect(port, w.users.viewer.access)]);
  });
  afterAll(async () => {
    owner?.close();
    viewer?.close();
    await w?.close();
  });

  it('refuses unauthenticated handshakes (§2.2)', async () => {
    expect(await refusal(port, {})).toEqual({ message: 'Authentication required', data: { detail: 'Authentication required', code: 'not_authenticated' } });
    expect(await refusal(port, { token: 'a.b.c' })).toEqual({ message: 'Invalid token', data: { detail: 'Invalid token', code: 'token_not_valid' } });
    expect(await refusal(port, { token: w.owner.refresh })).toMatchObject({ message: 'Invalid token' });
  });

  it('reads the token from handshake.auth, the query or the Authorization header, "Bearer " optional (§2.1)', async () => {
    const url = `http://127.0.0.1:${port}`;
    const base = { path: '/socket.io/', transports: ['websocket'], reconnection: false, forceNew: true };
    for (const extra of [{ auth: { token: `Bearer ${w.owner.access}` } }, { query: { token: `Bearer ${w.owner.access}` } }, { extraHeaders: { Authorization: `Bearer ${w.owner.access}` } }]) {
      const socket = io(url, { ...base, ...extra });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      socket.close();
    }
  });

  it('acks unknown events and non-object payloads with error acks (§3)', async () => {
    expectErrorAck(await owner.socket.timeout(5000).emitWithAck('no_such_event', {}), 'not_found', 'Unknown event');
    expectErrorAck(await owner.socket.timeout(5000).emitWithAck('get_notifications', [1, 2]), 'invalid', 'Invalid payload');
  });

  it('limits each socket to bursts of 40 events (§3)', async () => {
    const client = await connect(port, w.users.manager.access);
    const acks = await Promise.all(Array.from({ length: 60 }, () => client.socket.timeout(5000).emitWithAck('unsubscribe_metrics')));
    client.close();
    const refused = acks.filter((a) => a.status === 'error');
    expect(refused.length).toBeGreaterThanOrEqual(15);
    expectErrorAck(refused[0], 'throttled', 'Too many requests');
  });

  contractEvent('send_notification', async () => {
    const nested = { user_id: String(w.users.viewer.id), notification: { title: 'Hi viewer', message: 'hello', type: 'shout', duration: 0, timestamp: 1 } };
    const res = await ack(owner, 'send_notification', nested);
    expectShape(res, { status: oneOf('success'), message: oneOf('Notification sent'), notification_id: 'uuid' });
    const stored = await w.raw('GET', `/api/notifications/${res.notification_id}/`, { as: w.users.viewer });
    expect(stored.body).toMatchObject({ title: 'Hi viewer', type: 'info', user: w.users.viewer.id, source: 'user' });
    const offline = await ack(owner, 'send_notification', { user_id: w.users.manager.id, title: 'Flat form' });
    expect(offline).toMatchObject({ status: 'success', message: 'Notification stored in database (user not connected)' });
    expect((await ack(owner, 'send_notification', { notification: { title: 'All hands' } })).message).toBe('Notification broadcast');
    expectErrorAck(await ack(owner, 'send_notification', { notification: { message: 'no title' } }), 'invalid', 'Missing required field: title');
    expectErrorAck(await ack(owner, 'send_notification', { user_id: 999, title: 'x' }), 'not_found', 'User 999 not found');
    expectErrorAck(await ack(owner, 'send_notification', { user_id: 1, target_role: 'viewer', title: 'x' }), 'invalid', 'Give at most one of user_id, target_role.');
    expectErrorAck(await ack(viewer, 'send_notification', { title: 'broadcast' }), 'permission_denied', PERMISSION_DENIED);
  });

  contractEvent('get_notifications', async () => {
    const res = await ack(viewer, 'get_notifications', { limit: 1, unread_only: true });
    expectShape(res, { status: oneOf('success'), notifications: arrayOf(Notification), count: 'integer' });
    expect(res.notifications).toHaveLength(1);
    expect(res.notifications[0].title).toBe('All hands');
    expect(res.count).toBe(2);
  });

  contractEvent('mark_notification_read', async () => {
    const list = await ack(viewer, 'get_notifications', {});
    const res = await ack(viewer, 'mark_notification_read', { notification_id: list.notifications[0].id });
    expectShape(res, { status: oneOf('success'), message: oneOf('Notification marked as read') });
    expectErrorAck(await ack(viewer, 'mark_notification_read', {}), 'invalid', 'Missing notification_id');
    expectErrorAck(await ack(viewer, 'mark_notification_read', { notification_id: '00000000-0000-4000-8000-000000000000' }), 'not_found', 'Notification not found');
  });

  contractEvent('authenticate', async () => {
    const fresh = await login(w.t.app, 'owner', OWNER_PASSWORD);
    const res = await ack(owner, 'authenticate', { token: `Bearer ${fresh.access}` });
    expectShape(res, { status: oneOf('success'), message: oneOf('Authentication successful'), user_id: oneOf(String(w.owner.id)), email: oneOf('owner@example.com'), unread_notifications: 'integer' });
    expectErrorAck(await ack(owner, 'authenticate', {}), 'invalid', 'No token provided');
    expectErrorAck(await ack(owner, 'authenticate', { token: 'x.y.z' }), 'token_not_valid', 'Invalid token');
    expectErrorAck(await ack(owner, 'authenticate', { token: w.users.viewer.access }), 'permission_denied', 'Token belongs to a different user');
  });

  contractEvent('register_user', async () => {
    const res = await ack(viewer, 'register_user', { user_id: String(w.users.viewer.id) });
    expectShape(res, { status: oneOf('success'), message: oneOf('User registered (deprecated method)') });
    expectErrorAck(await ack(viewer, 'register_user', {}), 'invalid', 'No user_id provided');
    expectErrorAck(await ack(viewer, 'register_user', { user_id: w.owner.id }), 'permission_denied', 'user_id does not match the authenticated user');
  });

  contractEvent('get_current_metrics', async () => {
    const res = await ack(viewer, 'get_current_metrics', { groups: ['memory'] });
    expectShape(res, { status: oneOf('success'), metrics: MetricsObject(['memory']) });
    const all = await ack(viewer, 'get_current_metrics');
    expectShape(all.metrics, MetricsObject());
  });

  contractEvent('subscribe_metrics', async () => {
    const res = await ack(viewer, 'subscribe_metrics', { interval: 0.1, groups: ['cpu'] });
    expectShape(res, { status: oneOf('success'), interval: oneOf(0.5), groups: 'string[]' });
    expect(res.groups).toEqual(['core', 'cpu']);
    const max = await ack(viewer, 'subscribe_metrics', { groups: ALL_GROUPS.slice(1) });
    expect(max).toEqual({ status: 'success', interval: 0.5, groups: ALL_GROUPS });
    expect((await ack(viewer, 'subscribe_metrics', { interval: 600 })).interval).toBe(60);
    expectErrorAck(await ack(viewer, 'subscribe_metrics', { groups: ['gpu'] }), 'invalid', 'Unknown metrics group: gpu');
  });

  contractEvent('unsubscribe_metrics', async () => {
    const res = await ack(viewer, 'unsubscribe_metrics');
    expectShape(res, { status: oneOf('success') });
    const from = viewer.received.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(viewer.received.slice(from).filter((e) => e.event === 'metrics_update')).toEqual([]);
  });
});
