import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { createUser } from '../helpers/factories.js';
import { contract, createWorld, expectStatus, type World } from './harness.js';
import { arrayOf, expectError, expectInvalid, expectShape, PERMISSION_DENIED, Role } from './shapes.js';

const BUILT_IN = ['owner', 'admin', 'manager', 'user', 'viewer'];

describe.each(await databaseKinds())('roles (rest.md §5) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, {}, ['admin', 'manager', 'viewer']);
  });
  afterAll(() => w?.close());

  contract('POST roles/', async () => {
    const res = await w.call('POST roles/', { as: w.users.admin, body: { name: 'auditor', can_view_all_data: true } });
    expectStatus(res, 201);
    expectShape(res.body, Role);
    expect(res.body).toMatchObject({ name: 'auditor', display_name: 'Auditor', description: '', priority: 6, is_builtin: false, can_manage_users: false });
    const reserved = await w.call('POST roles/', { as: w.users.admin, body: { name: 'default_roles' } });
    expectStatus(reserved, 400);
    expectInvalid(reserved.body, 'name');
    const denied = await w.call('POST roles/', { as: w.users.manager, body: { name: 'nope' } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET roles/', async () => {
    const res = await w.call('GET roles/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, arrayOf(Role));
    expect(res.body.map((r: { name: string }) => r.name)).toEqual([...BUILT_IN, 'auditor']);
  });

  contract('GET roles/default_roles/', async () => {
    const res = await w.call('GET roles/default_roles/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, arrayOf(Role));
    expect(res.body.map((r: { name: string }) => r.name)).toEqual(BUILT_IN);
    expect(res.body[1]).toEqual({
      name: 'admin', description: 'Administrator with elevated system control', priority: 2, can_manage_users: true,
      can_manage_system: true, can_manage_network: true, can_view_all_data: true, can_run_tools: true, can_manage_monitors: true, display_name: 'Administrator', is_builtin: true,
    });
    expectStatus(await w.raw('GET', '/api/roles/default-roles/', { as: w.users.viewer }), 200);
  });

  contract('GET roles/{name}/', async () => {
    const res = await w.call('GET roles/{name}/', { params: { name: 'viewer' }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Role);
    const missing = await w.call('GET roles/{name}/', { params: { name: 'ghost' }, as: w.users.viewer });
    expectStatus(missing, 404);
    expectError(missing.body, 'not_found');
  });

  contract('PATCH roles/{name}/', async () => {
    const res = await w.call('PATCH roles/{name}/', { params: { name: 'auditor' }, as: w.users.admin, body: { name: 'renamed', description: 'Reads logs' } });
    expectStatus(res, 200);
    expectShape(res.body, Role);
    expect(res.body).toMatchObject({ name: 'auditor', description: 'Reads logs' });
    const builtin = await w.call('PATCH roles/{name}/', { params: { name: 'viewer' }, as: w.users.admin, body: { description: 'x' } });
    expectStatus(builtin, 403);
    expectError(builtin.body, 'permission_denied', 'Built-in roles cannot be modified');
  });

  contract('PUT roles/{name}/', async () => {
    const res = await w.call('PUT roles/{name}/', { params: { name: 'auditor' }, as: w.users.admin, body: { display_name: 'Auditor Two', can_view_all_data: true } });
    expectStatus(res, 200);
    expectShape(res.body, Role);
    expect(res.body.display_name).toBe('Auditor Two');
    const grant = await w.call('PUT roles/{name}/', { params: { name: 'auditor' }, as: w.users.admin, body: { can_run_tools: true } });
    expectStatus(grant, 200);
  });

  contract('DELETE roles/{name}/', async () => {
    const builtin = await w.call('DELETE roles/{name}/', { params: { name: 'viewer' }, as: w.users.admin });
    expectStatus(builtin, 403);
    expectError(builtin.body, 'permission_denied', 'Built-in roles cannot be deleted');
    const holder = await createUser(w.t.app, w.owner, 'auditor1', 'auditor');
    const assigned = await w.call('DELETE roles/{name}/', { params: { name: 'auditor' }, as: w.users.admin });
    expectStatus(assigned, 409);
    expectError(assigned.body, 'conflict', "Role 'auditor' is assigned to 1 users");
    expectStatus(await w.raw('DELETE', `/api/users/${holder.id}/`, { as: w.owner }), 204);
    const res = await w.call('DELETE roles/{name}/', { params: { name: 'auditor' }, as: w.users.admin });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectStatus(await w.call('DELETE roles/{name}/', { params: { name: 'auditor' }, as: w.users.admin }), 404);
  });
});
