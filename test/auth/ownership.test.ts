import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import type { Session } from '../helpers/factories.js';
import type { UserView } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const denied = (detail: string) => ({ detail, code: 'permission_denied' });
const invalid = (detail: string) => ({ detail, code: 'invalid' });

describe.each(await databaseKinds())('set_role and ownership transfer (rest.md §4.4, §4.5) on %s', (kind) => {
  let w: World;
  let admin: Session;
  const setRole = (s: Session, id: number, payload: unknown) => w.call<UserView>('POST', `/api/users/${id}/set_role/`, { token: s.access, payload });
  const transfer = (s: Session, id: number, payload: unknown = {}) =>
    w.call<{ detail: string; owner: UserView; previous_owner: UserView }>('POST', `/api/users/${id}/transfer-ownership/`, { token: s.access, payload });
  const roles = async () => Object.fromEntries((await w.db.selectFrom('users').select(['username', 'role_name']).execute()).map((u) => [u.username, u.role_name]));
  const owners = async () => (await w.db.selectFrom('users').select('username').where('role_name', '=', 'owner').execute()).map((u) => u.username);

  beforeEach(async () => {
    w = await createWorld(kind);
    admin = await w.user('admin1', 'admin');
  });
  afterEach(async () => w?.close());

  it('checks set_role in the order of §4.4', async () => {
    const uma = await w.user('uma');
    for (const payload of [{}, { role: '' }, { role: 5 }, { role: null }]) expect((await setRole(admin, uma.id, payload)).body).toEqual(invalid('Role name is required'));
    expect((await setRole(uma, admin.id, {})).body).toEqual(denied('You do not have permission to perform this action.'));
    expect((await setRole(admin, 99999, {})).status).toBe(404);
    expect((await setRole(admin, uma.id, { role: 'ghost' })).body).toEqual(invalid("Role 'ghost' does not exist"));
    expect((await setRole(admin, uma.id, { role: 'user' })).body).toMatchObject({ id: uma.id, role: 'user' });
    expect((await setRole(admin, uma.id, { role: 'owner' })).body).toEqual(denied('Only owners can assign the owner role'));
    expect((await setRole(admin, admin.id, { role: 'viewer' })).body).toEqual(denied('You cannot change your own role'));
    expect((await setRole(admin, w.owner.id, { role: 'admin' })).body).toEqual(invalid('Cannot demote the system owner. Transfer ownership to another user first.'));
    expect((await setRole(admin, uma.id, { role: 'admin' })).body).toMatchObject({ role: 'admin', role_details: { name: 'admin' }, is_staff: true });
    expect((await setRole(admin, uma.id, { role: 'viewer' })).body).toMatchObject({ role: 'viewer' });
  });

  it('refuses roles ranked above the caller and targets ranked above it', async () => {
    await w.call('POST', '/api/roles/', { token: w.owner.access, payload: { name: 'helpdesk', can_manage_users: true, priority: 10 } });
    await w.call('POST', '/api/roles/', { token: w.owner.access, payload: { name: 'intern', priority: 20 } });
    const hal = await w.user('hal', 'helpdesk');
    const ivo = await w.user('ivo', 'intern');
    const vic = await w.user('vic', 'viewer');
    expect((await setRole(hal, ivo.id, { role: 'admin' })).body).toEqual(denied('Only owners and admins can assign the admin role'));
    expect((await setRole(hal, ivo.id, { role: 'viewer' })).body).toEqual(denied('You cannot assign a role ranked above your own'));
    expect((await setRole(hal, vic.id, { role: 'intern' })).body).toEqual(denied('You cannot modify a user ranked above you'));
    expect((await setRole(hal, ivo.id, { role: 'helpdesk' })).body).toMatchObject({ role: 'helpdesk' });
  });

  it("supports the web client's transfer: set_role owner on the new owner, then admin on oneself", async () => {
    const heir = await w.user('heir', 'manager');
    const first = await setRole(w.owner, heir.id, { role: 'owner' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: heir.id, role: 'owner', is_superuser: true });
    expect(await roles()).toMatchObject({ owner: 'admin', heir: 'owner' });
    const second = await setRole(w.owner, w.owner.id, { role: 'admin' });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id: w.owner.id, role: 'admin', is_superuser: false });
    expect(await owners()).toEqual(['heir']);
    expect((await w.call('GET', '/api/users/me/', { token: heir.access })).body).toMatchObject({ role: 'owner' });
    expect((await setRole(w.owner, heir.id, { role: 'admin' })).body).toEqual(invalid('Cannot demote the system owner. Transfer ownership to another user first.'));
  });

  it('transfers only to an active user', async () => {
    const idle = await w.user('idle');
    await w.call('PATCH', `/api/users/${idle.id}/`, { token: w.owner.access, payload: { is_active: false } });
    const text = 'Ownership can only be transferred to an active user';
    expect((await setRole(w.owner, idle.id, { role: 'owner' })).body).toEqual(invalid(text));
    expect((await transfer(w.owner, idle.id)).body).toEqual(invalid(text));
    expect(await owners()).toEqual(['owner']);
  });

  it('transfer-ownership hands over in one step and names both users', async () => {
    const heir = await w.user('heir');
    const res = await transfer(w.owner, heir.id, { previous_owner_role: 'manager' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['detail', 'owner', 'previous_owner']);
    expect(res.body.detail).toBe('Ownership transferred');
    expect(res.body.owner).toMatchObject({ id: heir.id, role: 'owner' });
    expect(res.body.previous_owner).toMatchObject({ id: w.owner.id, role: 'manager' });
    expect(await owners()).toEqual(['heir']);
    const back = await transfer(heir, w.owner.id);
    expect(back.body.previous_owner).toMatchObject({ id: heir.id, role: 'admin' });
  });

  it('lets exactly one of several concurrent transfers win, leaving one owner', async () => {
    const heirs = [await w.user('heir1'), await w.user('heir2'), await w.user('heir3'), await w.user('heir4')];
    const results = await Promise.all(heirs.map((h, i) => (i % 2 ? setRole(w.owner, h.id, { role: 'owner' }) : transfer(w.owner, h.id))));
    expect(results.map((r) => r.status).sort()).toEqual([200, 403, 403, 403]);
    for (const r of results.filter((x) => x.status === 403)) expect(r.body).toEqual(denied('Only owners can assign the owner role'));
    expect(await owners()).toHaveLength(1);
    expect((await roles()).owner).toBe('admin');
  });

  it('transfer-ownership refuses non-owners (before looking at the target), oneself and bad roles', async () => {
    const uma = await w.user('uma');
    for (const [s, id] of [[admin, uma.id], [admin, 99999], [uma, admin.id], [uma, uma.id]] as const) {
      expect((await transfer(s, id)).body).toEqual(denied('Only owners can assign the owner role'));
    }
    expect((await transfer(w.owner, w.owner.id)).body).toEqual(invalid('You already own the system'));
    for (const previous_owner_role of ['owner', 'ghost', 7]) {
      const res = await transfer(w.owner, uma.id, { previous_owner_role });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'invalid' });
    }
    expect((await transfer(w.owner, 99999)).status).toBe(404);
    expect(await owners()).toEqual(['owner']);
  });
});
