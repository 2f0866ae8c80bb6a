import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, login, USER_PASSWORD } from '../helpers/factories.js';
import { contract, createWorld, expectStatus, type World } from './harness.js';
import { arrayOf, expectError, expectShape, oneOf, PERMISSION_DENIED, User } from './shapes.js';

describe.each(await databaseKinds())('users (rest.md §4) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, {}, ['admin', 'manager', 'viewer']);
  });
  afterAll(() => w?.close());

  contract('GET users/', async () => {
    const res = await w.call('GET users/', { as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, arrayOf({ ...User, locked_until: 'timestamp?' }, { min: 4 }));
    const ids = res.body.map((u: { id: number }) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const own = await w.call('GET users/', { as: w.users.viewer, query: { search: 'zzz-nobody' } });
    expectStatus(own, 200);
    expect(own.body).toEqual([]);
    const self = await w.call('GET users/', { as: w.users.viewer });
    expect(self.body.map((u: { username: string }) => u.username)).toEqual(['viewer1']);
  });

  contract('POST users/', async () => {
    const res = await w.call('POST users/', { as: w.users.admin, body: { username: 'made', email: 'made@example.com', password: USER_PASSWORD, id: 99, icon: 'x' } });
    expectStatus(res, 201);
    expectShape(res.body, User);
    expect(res.body).toMatchObject({ username: 'made', role: 'user', is_active: true, is_staff: false, last_login: null });
    const owner = await w.call('POST users/', { as: w.owner, body: { username: 'made2', email: 'made2@example.com', password: USER_PASSWORD, role: 'owner' } });
    expectStatus(owner, 400);
    expectError(owner.body, 'invalid', 'role: There can only be one system owner. Transfer ownership from the current owner first.', ['role']);
    const unknown = await w.call('POST users/', { as: w.owner, body: { username: 'made3', email: 'made3@example.com', password: USER_PASSWORD, role: 'ghost' } });
    expectStatus(unknown, 400);
    expect(unknown.body.role).toEqual(["Role 'ghost' does not exist"]);
    const dup = await w.call('POST users/', { as: w.owner, body: { username: 'made', email: 'MADE@example.com', password: USER_PASSWORD } });
    expectStatus(dup, 400);
    expectShape(dup.body, { username: 'string[]', email: 'string[]', detail: oneOf('username: A user with that username already exists.'), code: oneOf('invalid') });
    expect(dup.body.email).toEqual(['A user with this email already exists.']);
    const denied = await w.call('POST users/', { as: w.users.manager, body: { username: 'made4', email: 'made4@example.com', password: USER_PASSWORD } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET users/me/', async () => {
    const res = await w.call('GET users/me/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, User);
    expect(res.body).toMatchObject({ username: 'viewer1', role: 'viewer', role_details: { name: 'viewer', can_view_all_data: false } });
    const anonymous = await w.call('GET users/me/');
    expectStatus(anonymous, 401);
    expectError(anonymous.body, 'not_authenticated', 'Authentication credentials were not provided.');
  });

  contract('GET users/{id}/', async () => {
    const res = await w.call('GET users/{id}/', { params: { id: w.owner.id }, as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, User);
    expect(res.body).toMatchObject({ id: w.owner.id, role: 'owner', is_staff: true, is_superuser: true });
    expectError((await w.call('GET users/{id}/', { params: { id: w.owner.id }, as: w.users.viewer })).body, 'not_found');
    expectStatus(await w.call('GET users/{id}/', { params: { id: 'abc' }, as: w.owner }), 404);
  });

  contract('PATCH users/{id}/', async () => {
    const res = await w.call('PATCH users/{id}/', { params: { id: w.users.viewer.id }, as: w.users.viewer, body: { first_name: ' Vi ', last_name: 'Ewer', email: 'viewer1@example.com' } });
    expectStatus(res, 200);
    expectShape(res.body, User);
    expect(res.body).toMatchObject({ first_name: 'Vi', last_name: 'Ewer' });
    const self = await w.call('PATCH users/{id}/', { params: { id: w.users.admin.id }, as: w.users.admin, body: { is_active: false } });
    expectStatus(self, 403);
    expectError(self.body, 'permission_denied', 'You cannot deactivate your own account');
    const owner = await w.call('PATCH users/{id}/', { params: { id: w.owner.id }, as: w.users.admin, body: { first_name: 'X' } });
    expectStatus(owner, 403);
    expectError(owner.body, 'permission_denied', 'You cannot modify a user ranked above you');
    const password = await w.call('PATCH users/{id}/', { params: { id: w.users.viewer.id }, as: w.users.viewer, body: { password: 'Another-pass-123' } });
    expectStatus(password, 400);
    expectError(password.body, 'invalid', 'password: Use the change-password endpoint to change a password.', ['password']);
  });

  contract('PUT users/{id}/', async () => {
    const missing = await w.call('PUT users/{id}/', { params: { id: w.users.viewer.id }, as: w.users.viewer, body: { first_name: 'Only' } });
    expectStatus(missing, 400);
    expectShape(missing.body, { username: 'string[]', email: 'string[]', detail: oneOf('username: This field is required.'), code: oneOf('invalid') });
    const res = await w.call('PUT users/{id}/', { params: { id: w.users.viewer.id }, as: w.users.viewer, body: { username: 'viewer1', email: 'viewer1@example.com', first_name: 'Put' } });
    expectStatus(res, 200);
    expectShape(res.body, User);
    expect(res.body.first_name).toBe('Put');
  });

  contract('DELETE users/{id}/', async () => {
    const doomed = await createUser(w.t.app, w.owner, 'doomed', 'user');
    const res = await w.call('DELETE users/{id}/', { params: { id: doomed.id }, as: w.users.admin });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const self = await w.call('DELETE users/{id}/', { params: { id: w.users.admin.id }, as: w.users.admin });
    expectError(self.body, 'permission_denied', 'You cannot delete your own account');
    const owner = await w.call('DELETE users/{id}/', { params: { id: w.owner.id }, as: w.users.admin });
    expectStatus(owner, 403);
    expectError(owner.body, 'permission_denied', 'System owners cannot be deleted for security reasons');
    expectStatus(await w.call('DELETE users/{id}/', { params: { id: doomed.id }, as: w.users.admin }), 404);
  });

  contract('POST users/{id}/set_role/', async () => {
    const target = await createUser(w.t.app, w.owner, 'promoted', 'viewer');
    const res = await w.call('POST users/{id}/set_role/', { params: { id: target.id }, as: w.users.admin, body: { role: 'manager' } });
    expectStatus(res, 200);
    expectShape(res.body, User);
    expect(res.body).toMatchObject({ role: 'manager', role_details: { name: 'manager', priority: 3 } });
    const cases: Array<[unknown, number, string, string]> = [
      [{}, 400, 'invalid', 'Role name is required'],
      [{ role: 'ghost' }, 400, 'invalid', "Role 'ghost' does not exist"],
      [{ role: 'owner' }, 403, 'permission_denied', 'Only owners can assign the owner role'],
    ];
    for (const [body, status, code, detail] of cases) {
      const bad = await w.call('POST users/{id}/set_role/', { params: { id: target.id }, as: w.users.admin, body });
      expectStatus(bad, status);
      expectError(bad.body, code, detail);
    }
    const self = await w.call('POST users/{id}/set_role/', { params: { id: w.users.admin.id }, as: w.users.admin, body: { role: 'viewer' } });
    expectError(self.body, 'permission_denied', 'You cannot change your own role');
    const demote = await w.call('POST users/{id}/set_role/', { params: { id: w.owner.id }, as: w.users.admin, body: { role: 'viewer' } });
    expectError(demote.body, 'invalid', 'Cannot demote the system owner. Transfer ownership to another user first.');
    expectStatus(await w.raw('POST', `/api/users/${target.id}/set-role/`, { as: w.users.admin, body: { role: 'user' } }), 200);
  });

  contract('POST users/{id}/change-password/', async () => {
    const target = await createUser(w.t.app, w.owner, 'changer', 'user');
    const cases: Array<[unknown, string]> = [
      [{}, 'Current and new password are required'],
      [{ current_password: 'Wrong-pass-0000', new_password: 'Fresh-Meadow-Lark-77' }, 'Current password is incorrect'],
    ];
    for (const [body, detail] of cases) {
      const bad = await w.call('POST users/{id}/change-password/', { params: { id: target.id }, as: target, body });
      expectStatus(bad, 400);
      expectError(bad.body, 'invalid', detail);
    }
    const weak = await w.call('POST users/{id}/change-password/', { params: { id: target.id }, as: target, body: { current_password: USER_PASSWORD, new_password: '12345678' } });
    expectStatus(weak, 400);
    expectShape(weak.body, { new_password: 'string[]', detail: 'string', code: oneOf('invalid') });
    expect(weak.body.new_password).toContain('This password is entirely numeric.');
    const res = await w.call('POST users/{id}/change-password/', { params: { id: target.id }, as: target, body: { current_password: USER_PASSWORD, new_password: 'Fresh-Meadow-Lark-77' } });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Password changed successfully') });
    const denied = await w.call('POST users/{id}/change-password/', { params: { id: w.owner.id }, as: w.users.admin, body: { new_password: 'Fresh-Meadow-Lark-78' } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', "You don't have permission to change this user's password");
    const underscore = await w.raw('POST', `/api/users/${target.id}/change_password/`, { as: target, body: { current_password: 'Fresh-Meadow-Lark-77', new_password: 'Fresh-Meadow-Lark-79' } });
    expectStatus(underscore, 200);
    expect((await login(w.t.app, 'changer', 'Fresh-Meadow-Lark-79')).status).toBe(200);
  });
});
