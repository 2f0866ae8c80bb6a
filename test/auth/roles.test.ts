import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import type { Session } from '../helpers/factories.js';
import type { Role } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const BUILTIN = [
  { name: 'owner', display_name: 'Owner', priority: 1, flags: [true, true, true, true, true, true], description: 'System owner with full administrative privileges' },
  { name: 'admin', display_name: 'Administrator', priority: 2, flags: [true, true, true, true, true, true], description: 'Administrator with elevated system control' },
  { name: 'manager', display_name: 'Manager', priority: 3, flags: [false, true, true, true, true, true], description: 'Manager with limited administrative privileges' },
  { name: 'user', display_name: 'User', priority: 4, flags: [false, false, false, false, true, false], description: 'Standard user with basic access' },
  { name: 'viewer', display_name: 'Viewer', priority: 5, flags: [false, false, false, false, false, false], description: 'Read-only access to dashboards, the network map and notifications' },
].map(({ flags, ...r }) => ({
  name: r.name, description: r.description, priority: r.priority, can_manage_users: flags[0], can_manage_system: flags[1],
  can_manage_network: flags[2], can_view_all_data: flags[3], can_run_tools: flags[4], can_manage_monitors: flags[5], display_name: r.display_name, is_builtin: true,
}));
const denied = (detail: string) => ({ detail, code: 'permission_denied' });

describe.each(await databaseKinds())('roles and custom roles (roles.md §1, §3; rest.md §5) on %s', (kind) => {
  let w: World;
  let hal: Session;
  const post = (s: Session, payload: Record<string, unknown>) => w.call<Role>('POST', '/api/roles/', { token: s.access, payload });
  const patch = (s: Session, name: string, payload: Record<string, unknown>, method: 'PATCH' | 'PUT' = 'PATCH') =>
    w.call<Role>(method, `/api/roles/${name}/`, { token: s.access, payload });

  beforeAll(async () => {
    w = await createWorld(kind);
    await post(w.owner, { name: 'helpdesk', can_manage_users: true, can_run_tools: true, priority: 10 });
    hal = await w.user('hal', 'helpdesk');
  });
  afterAll(async () => w?.close());

  it('lists the five built-in roles exactly as roles.md §1 seeds them', async () => {
    const defaults = await w.call<Role[]>('GET', '/api/roles/default_roles/', { token: hal.access });
    expect(defaults.body).toEqual(BUILTIN);
    expect(Object.keys(defaults.body[0])).toEqual(Object.keys(BUILTIN[0]));
    const all = await w.call<Role[]>('GET', '/api/roles/', { token: hal.access });
    expect(all.body.map((r) => r.name)).toEqual(['owner', 'admin', 'manager', 'user', 'viewer', 'helpdesk']);
    expect((await w.call('GET', '/api/roles/viewer/', { token: hal.access })).body).toEqual(BUILTIN[4]);
    expect((await w.call('GET', '/api/roles/nope/', { token: hal.access })).body).toEqual({ detail: 'Not found.', code: 'not_found' });
  });

  it('creates a custom role with defaults: display name, empty description, next priority, no flags', async () => {
    const res = await post(w.owner, { name: 'auditor', can_view_all_data: true });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      name: 'auditor', description: '', priority: 11, can_manage_users: false, can_manage_system: false, can_manage_network: false,
      can_view_all_data: true, can_run_tools: false, can_manage_monitors: false, display_name: 'Auditor', is_builtin: false,
    });
    expect((await w.call('GET', '/api/roles/auditor/', { token: hal.access })).body).toEqual(res.body);
  });

  it.each([
    [{}, 'name', 'This field is required.'],
    [{ name: 'Bad' }, 'name', undefined],
    [{ name: 'a' }, 'name', undefined],
    [{ name: 'a'.repeat(21) }, 'name', undefined],
    [{ name: 'admin' }, 'name', undefined],
    [{ name: 'default_roles' }, 'name', undefined],
    [{ name: 'default-roles' }, 'name', undefined],
    [{ name: 'helpdesk' }, 'name', 'A role with this name already exists.'],
    [{ name: 'okname', priority: 5 }, 'priority', undefined],
    [{ name: 'okname', priority: 1000 }, 'priority', undefined],
    [{ name: 'okname', priority: 6.5 }, 'priority', 'A valid integer is required.'],
    [{ name: 'okname', priority: 10 }, 'priority', 'A role with this priority already exists.'],
    [{ name: 'okname', display_name: 'x'.repeat(51) }, 'display_name', 'Ensure this field has no more than 50 characters.'],
    [{ name: 'okname', description: 'x'.repeat(256) }, 'description', 'Ensure this field has no more than 255 characters.'],
    [{ name: 'okname', can_run_tools: 'yes' }, 'can_run_tools', 'Must be a valid boolean.'],
  ])('refuses %j with an error on %s', async (payload, field, message) => {
    const res = await post(w.owner, payload);
    expect(res.status).toBe(400);
    expect(res.body).toHaveProperty(field);
    if (message) expect(res.body).toMatchObject({ [field]: [message] });
  });

  it('refuses flags and ranks the caller lacks', async () => {
    expect((await post(hal, { name: 'ops', can_manage_system: true })).body).toEqual(denied('You cannot grant a permission you do not have'));
    expect((await post(hal, { name: 'ops', priority: 7 })).body).toEqual(denied('You cannot assign a role ranked above your own'));
    expect((await post(hal, { name: 'ops', can_run_tools: true, priority: 50 })).status).toBe(201);
    expect((await patch(hal, 'ops', { can_view_all_data: true })).body).toEqual(denied('You cannot grant a permission you do not have'));
    expect((await patch(hal, 'ops', { priority: 8 })).body).toEqual(denied('You cannot assign a role ranked above your own'));
    expect((await patch(hal, 'helpdesk', { description: 'mine' })).status).toBe(200);
    await post(w.owner, { name: 'seniors', priority: 9 });
    expect((await patch(hal, 'seniors', { description: 'x' })).body).toEqual(denied('You cannot assign a role ranked above your own'));
  });

  it('updates a custom role (name in the body ignored) and never a built-in one', async () => {
    const res = await patch(w.owner, 'auditor', { name: 'renamed', description: 'Reads logs', display_name: 'Log auditor', priority: 40, can_run_tools: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'auditor', description: 'Reads logs', display_name: 'Log auditor', priority: 40, can_run_tools: true, can_view_all_data: true });
    expect((await patch(w.owner, 'auditor', { description: 'Put' }, 'PUT')).body).toMatchObject({ name: 'auditor', description: 'Put', priority: 40 });
    expect((await w.call('GET', '/api/roles/renamed/', { token: hal.access })).status).toBe(404);
    expect((await patch(w.owner, 'admin', { description: 'x' })).body).toEqual(denied('Built-in roles cannot be modified'));
    expect((await patch(w.owner, 'ghost', { description: 'x' })).status).toBe(404);
  });

  it('gives a custom role exactly its flags, read from the database on every request', async () => {
    const aud = await w.user('audrey', 'auditor');
    expect((await w.call('GET', '/api/auth/login-attempts/', { token: aud.access })).status).toBe(200);
    expect((await w.call('GET', '/api/users/', { token: aud.access })).body).toHaveLength(3);
    expect((await w.call('POST', '/api/users/', { token: aud.access, payload: {} })).status).toBe(403);
    await patch(w.owner, 'auditor', { can_view_all_data: false });
    expect((await w.call('GET', '/api/auth/login-attempts/', { token: aud.access })).status).toBe(403);
    expect((await w.call('GET', '/api/users/', { token: aud.access })).body).toHaveLength(1);
  });

  it('deletes an unassigned custom role only', async () => {
    expect((await w.call('DELETE', '/api/roles/viewer/', { token: w.owner.access })).body).toEqual(denied('Built-in roles cannot be deleted'));
    const busy = await w.call('DELETE', '/api/roles/helpdesk/', { token: w.owner.access });
    expect(busy.status).toBe(409);
    expect(busy.body).toEqual({ detail: "Role 'helpdesk' is assigned to 1 users", code: 'conflict' });
    expect((await w.call('DELETE', '/api/roles/ops/', { token: hal.access })).status).toBe(204);
    expect((await w.call('GET', '/api/roles/ops/', { token: hal.access })).status).toBe(404);
    expect((await w.call('DELETE', '/api/roles/ops/', { token: hal.access })).status).toBe(404);
  });

  it('gives concurrent creations distinct default priorities, and one name one role', async () => {
    const results = await Promise.all(['c1', 'c2', 'c3', 'c4'].map((name) => post(w.owner, { name })));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.priority)).size).toBe(4);
    const same = await Promise.all([101, 102, 103].map((priority) => post(w.owner, { name: 'twin', priority })));
    expect(same.map((r) => r.status).sort()).toEqual([201, 400, 400]);
  });
});
