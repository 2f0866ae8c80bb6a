import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contract, createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import { arrayOf, expectError, expectInvalid, expectShape, Notification, NotificationPreferences, Page, PERMISSION_DENIED } from './shapes.js';

const UUID_ZERO = '00000000-0000-4000-8000-000000000000';

describe.each(await databaseKinds())('notifications (rest.md §6) on %s', (kind) => {
  let w: World;
  const create = async (body: Json, as = w.owner) => {
    const res = await w.raw('POST', '/api/notifications/', { as, body });
    expectStatus(res, 201);
    return res.body as { id: string };
  };
  beforeAll(async () => {
    w = await createWorld(kind, {}, ['manager', 'viewer']);
  });
  afterAll(() => w?.close());

  contract('POST notifications/', async () => {
    const res = await w.call('POST notifications/', { as: w.users.viewer, body: { title: 'Mine', message: 'for me' } });
    expectStatus(res, 201);
    expectShape(res.body, Notification);
    expect(res.body).toMatchObject({ user: w.users.viewer.id, type: 'info', source: 'user', is_system: false, read: false, target_role: null, created_by: w.users.viewer.id });
    expect(new Date(res.body.created_at).getTime()).toBe(res.body.timestamp);
    const role = await w.call('POST notifications/', { as: w.users.manager, body: { title: 'Viewers', target_role: 'viewer', type: 'warning' } });
    expectStatus(role, 201);
    expect(role.body).toMatchObject({ user: null, target_role: 'viewer', is_system: false });
    const two = await w.call('POST notifications/', { as: w.owner, body: { title: 'x', user: w.owner.id, is_system: true } });
    expectStatus(two, 400);
    expectError(two.body, 'invalid', 'Give at most one of user, target_role, is_system.', ['non_field_errors']);
    const unknownUser = await w.call('POST notifications/', { as: w.owner, body: { title: 'x', user: 999 } });
    expectError(unknownUser.body, 'invalid', 'user: User 999 not found', ['user']);
    const unknownRole = await w.call('POST notifications/', { as: w.owner, body: { title: 'x', target_role: 'ghost' } });
    expectError(unknownRole.body, 'invalid', "target_role: Role 'ghost' does not exist", ['target_role']);
    const denied = await w.call('POST notifications/', { as: w.users.viewer, body: { title: 'x', is_system: true } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET notifications/', async () => {
    await create({ title: 'Everyone', is_system: true, type: 'success', source: 'system' });
    const res = await w.call('GET notifications/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Page(Notification, { unreadCount: true }));
    expect(res.body.results.map((n: { title: string }) => n.title)).toEqual(['Everyone', 'Viewers', 'Mine']);
    expect(res.body.unread_count).toBe(3);
    const filtered = await w.call('GET notifications/', { as: w.users.viewer, query: { type: 'warning' } });
    expect(filtered.body.results.map((n: { title: string }) => n.title)).toEqual(['Viewers']);
    await expectPagination(w, 'GET notifications/', { as: w.users.viewer, query: { unread: 'true' } });
  });

  contract('GET notifications/{id}/', async () => {
    const mine = await create({ title: 'Owner only' });
    const res = await w.call('GET notifications/{id}/', { params: { id: mine.id }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, Notification);
    expectError((await w.call('GET notifications/{id}/', { params: { id: mine.id }, as: w.users.viewer })).body, 'not_found');
    expectStatus(await w.call('GET notifications/{id}/', { params: { id: 'nope' }, as: w.owner }), 404);
  });

  contract('PATCH notifications/{id}/', async () => {
    const n = await create({ title: 'Read me', is_system: true });
    const res = await w.call('PATCH notifications/{id}/', { params: { id: n.id }, as: w.users.viewer, body: { read: true, title: 'ignored' } });
    expectStatus(res, 200);
    expectShape(res.body, Notification);
    expect(res.body).toMatchObject({ read: true, title: 'Read me' });
    const forOwner = await w.raw('GET', `/api/notifications/${n.id}/`, { as: w.owner });
    expect(forOwner.body.read).toBe(false);
  });

  contract('PUT notifications/{id}/', async () => {
    const n = await create({ title: 'Put me', is_system: true });
    const res = await w.call('PUT notifications/{id}/', { params: { id: n.id }, as: w.users.viewer, body: { is_read: true } });
    expectStatus(res, 200);
    expectShape(res.body, Notification);
    expect(res.body.read).toBe(true);
  });

  contract('DELETE notifications/{id}/', async () => {
    const n = await create({ title: 'Dismiss me', is_system: true });
    const dismissed = await w.call('DELETE notifications/{id}/', { params: { id: n.id }, as: w.users.viewer });
    expectStatus(dismissed, 204);
    expect(dismissed.text).toBe('');
    expectStatus(await w.raw('GET', `/api/notifications/${n.id}/`, { as: w.users.viewer }), 404);
    expectStatus(await w.raw('GET', `/api/notifications/${n.id}/`, { as: w.owner }), 200);
    expectStatus(await w.call('DELETE notifications/{id}/', { params: { id: n.id }, as: w.owner }), 204);
    expectStatus(await w.raw('GET', `/api/notifications/${n.id}/`, { as: w.owner }), 404);
  });

  contract('POST notifications/mark_as_read/', async () => {
    const a = await create({ title: 'A', user: w.users.viewer.id });
    const res = await w.call('POST notifications/mark_as_read/', { as: w.users.viewer, body: { ids: [a.id, UUID_ZERO] } });
    expectStatus(res, 200);
    expectShape(res.body, { updated: 'integer' });
    expect(res.body.updated).toBe(1);
    expect((await w.call('POST notifications/mark_as_read/', { as: w.users.viewer, body: {} })).body).toEqual({ updated: 0 });
    const bad = await w.call('POST notifications/mark_as_read/', { as: w.users.viewer, body: { ids: ['x1'] } });
    expectStatus(bad, 400);
    expectError(bad.body, 'invalid', 'ids: "x1" is not a valid UUID.', ['ids']);
    expectStatus(await w.raw('POST', '/api/notifications/mark-as-read/', { as: w.users.viewer, body: { ids: [] } }), 200);
  });

  contract('POST notifications/mark_all_as_read/', async () => {
    // The web client sends Content-Type: application/json with no body.
    const res = await w.call('POST notifications/mark_all_as_read/', { as: w.users.viewer, headers: { 'content-type': 'application/json' } });
    expectStatus(res, 200);
    expectShape(res.body, { updated: 'integer' });
    expect(res.body.updated).toBeGreaterThan(0);
  });

  contract('GET notifications/unread_count/', async () => {
    await create({ title: 'Unread', user: w.users.viewer.id });
    const res = await w.call('GET notifications/unread_count/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, { count: 'integer' });
    expect(res.body.count).toBe(1);
  });

  contract('GET notifications/recent/', async () => {
    for (let i = 0; i < 11; i++) await create({ title: `Recent ${i}`, user: w.users.viewer.id });
    const res = await w.call('GET notifications/recent/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, arrayOf(Notification));
    expect(res.body).toHaveLength(10);
    expect(res.body[0].title).toBe('Recent 10');
  });

  contract('GET notifications/preferences/', async () => {
    const res = await w.call('GET notifications/preferences/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, NotificationPreferences);
    expect(res.body).toEqual({ email: { enabled: false, min_type: 'warning' } });
  });

  contract('PUT notifications/preferences/', async () => {
    const res = await w.call('PUT notifications/preferences/', { as: w.users.viewer, body: { email: { enabled: true, min_type: 'error' } } });
    expectStatus(res, 200);
    expectShape(res.body, NotificationPreferences);
    expect(res.body).toEqual({ email: { enabled: true, min_type: 'error' } });
  });

  contract('PATCH notifications/preferences/', async () => {
    const res = await w.call('PATCH notifications/preferences/', { as: w.users.viewer, body: { email: { min_type: 'info' } } });
    expectStatus(res, 200);
    expectShape(res.body, NotificationPreferences);
    expect(res.body).toEqual({ email: { enabled: true, min_type: 'info' } });
    const bad = await w.call('PATCH notifications/preferences/', { as: w.users.viewer, body: { email: { min_type: 'loud' } } });
    expectStatus(bad, 400);
    expectInvalid(bad.body);
  });
});
