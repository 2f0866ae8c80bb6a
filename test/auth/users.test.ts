import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import type { Session } from '../helpers/factories.js';
import type { UserView } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const USER_KEYS = ['id', 'username', 'email', 'first_name', 'last_name', 'is_active', 'date_joined', 'last_login', 'profile_image', 'role', 'role_details', 'is_staff', 'is_superuser'];
const ROLE_KEYS = ['name', 'description', 'priority', 'can_manage_users', 'can_manage_system', 'can_manage_network', 'can_view_all_data', 'can_run_tools', 'can_manage_monitors', 'display_name', 'is_builtin'];
const newUser = (name: string, extra: Record<string, unknown> = {}) => ({ username: name, email: `${name}@example.com`, password: 'Harbor-Lights-Glow-5', ...extra });

describe.each(await databaseKinds())('users: representation, visibility and creation (rest.md §1.1, §4, §4.1) on %s', (kind) => {
  let w: World;
  let admin: Session, manager: Session, uma: Session, viewer: Session, helpdesk: Session;
  const list = (s: Session, query = '') => w.call<UserView[]>('GET', `/api/users/${query}`, { token: s.access });
  const create = (s: Session, payload: Record<string, unknown>) => w.call<UserView>('POST', '/api/users/', { token: s.access, payload });

  beforeAll(async () => {
    w = await createWorld(kind);
    admin = await w.user('admin1', 'admin');
    manager = await w.user('manager1', 'manager');
    uma = await w.user('uma', 'user');
    viewer = await w.user('vic', 'viewer');
    await w.call('POST', '/api/roles/', { token: w.owner.access, payload: { name: 'helpdesk', can_manage_users: true, priority: 10 } });
    helpdesk = await w.user('hal', 'helpdesk');
    await w.call('PATCH', `/api/users/${uma.id}/`, { token: uma.access, payload: { first_name: 'Úrsula', last_name: 'Mägi' } });
  });
  afterAll(async () => w?.close());

  it('presents a user with the keys of rest.md §1.1 in order, and never a password', async () => {
    const res = await w.call<UserView>('GET', '/api/users/me/', { token: uma.access });
    expect(Object.keys(res.body)).toEqual(USER_KEYS);
    expect(Object.keys(res.body.role_details)).toEqual(ROLE_KEYS);
    expect(res.body).toMatchObject({ id: uma.id, username: 'uma', role: 'user', is_staff: false, is_superuser: false, profile_image: null });
    expect(res.body.date_joined).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);
    const all = await list(w.owner);
    expect(all.text).not.toMatch(/password|argon2/i);
    const flags = Object.fromEntries(all.body.map((u) => [u.username, [u.is_staff, u.is_superuser]]));
    expect(flags).toMatchObject({ owner: [true, true], admin1: [true, false], manager1: [false, false], hal: [false, false] });
  });

  it('shows every user, by id, to can_manage_users or can_view_all_data, and only themselves to others', async () => {
    for (const s of [w.owner, admin, manager, helpdesk]) {
      const ids = (await list(s)).body.map((u) => u.id);
      expect(ids).toEqual([w.owner.id, admin.id, manager.id, uma.id, viewer.id, helpdesk.id]);
    }
    for (const s of [uma, viewer]) expect((await list(s)).body.map((u) => u.id)).toEqual([s.id]);
    expect((await w.call('GET', `/api/users/${admin.id}/`, { token: uma.access })).body).toEqual({ detail: 'Not found.', code: 'not_found' });
    expect((await w.call('GET', `/api/users/${admin.id}/`, { token: manager.access })).status).toBe(200);
  });

  it('filters by search (any name field, case-insensitive, literal), role and is_active', async () => {
    const names = async (query: string, s = w.owner) => (await list(s, query)).body.map((u) => u.username);
    await create(w.owner, newUser('snake_case', { is_active: false }));
    expect(await names('?search=ADMIN1')).toEqual(['admin1']);
    expect(await names('?search=%C3%BArsula')).toEqual(['uma']);
    expect(await names('?search=M%C3%A4gi')).toEqual(['uma']);
    expect(await names('?search=vic%40example')).toEqual(['vic']);
    expect(await names('?search=%25')).toEqual([]);
    expect(await names('?search=_')).toEqual(['snake_case']);
    expect(await names('?role=manager')).toEqual(['manager1']);
    expect(await names('?is_active=false')).toEqual(['snake_case']);
    expect(await names('?is_active=false&search=snake&role=user')).toEqual(['snake_case']);
    expect(await names('?search=admin1', uma)).toEqual([]);
  });

  it('creates a user with role `user` by default and validates like registration', async () => {
    const res = await create(admin, newUser('carla'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'carla', role: 'user', is_active: true, first_name: '', last_name: '', last_login: null });
    expect((await create(admin, newUser('cora', { is_active: false, role: 'admin', first_name: 'Cora' }))).body)
      .toMatchObject({ is_active: false, role: 'admin', first_name: 'Cora' });
    const dupes = await create(admin, newUser('CARLA', { email: 'Carla@Example.com' }));
    expect(dupes.body).toEqual({
      username: ['A user with that username already exists.'], email: ['A user with this email already exists.'],
      detail: 'username: A user with that username already exists.', code: 'invalid',
    });
    const weak = await create(admin, newUser('dora', { password: 'dora1234' }));
    expect(weak.body).toMatchObject({ password: ['The password is too similar to the username.', 'The password is too similar to the email address.'] });
    expect((await create(admin, newUser('ed', { is_active: 'yes' }))).body).toMatchObject({ is_active: ['Must be a valid boolean.'] });
  });

  it('answers field errors, not 500, to concurrent creations of the same username', async () => {
    const results = await Promise.all([1, 2, 3, 4].map((i) => create(admin, newUser('twin', { email: `twin${i}@example.com` }))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 400, 400, 400]);
    for (const r of results.filter((x) => x.status === 400)) expect(r.body).toMatchObject({ username: ['A user with that username already exists.'] });
  });

  it('refuses the owner role, unknown roles and roles ranked above the caller', async () => {
    const owner = await create(w.owner, newUser('olaf', { role: 'owner' }));
    const text = 'There can only be one system owner. Transfer ownership from the current owner first.';
    expect(owner.status).toBe(400);
    expect(owner.body).toEqual({ role: [text], detail: `role: ${text}`, code: 'invalid' });
    expect((await create(admin, newUser('olga', { role: 'ghost' }))).body).toMatchObject({ role: ["Role 'ghost' does not exist"], code: 'invalid' });
    const above = await create(helpdesk, newUser('pete', { role: 'viewer' }));
    expect(above.status).toBe(403);
    expect(above.body).toEqual({ detail: 'You cannot assign a role ranked above your own', code: 'permission_denied' });
    expect((await create(helpdesk, newUser('pete', { role: 'helpdesk' }))).status).toBe(201);
    expect((await create(manager, newUser('quin'))).body).toEqual({ detail: 'You do not have permission to perform this action.', code: 'permission_denied' });
  });

  it('answers 404 for ids of the wrong form or unknown ids', async () => {
    for (const id of ['abc', '1.5', '-1', '0x1', '99999']) {
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        expect((await w.call(method, `/api/users/${id}/`, { token: w.owner.access })).status, `${method} ${id}`).toBe(404);
      }
    }
  });
});
