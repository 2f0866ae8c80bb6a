import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import type { Session } from '../helpers/factories.js';
import type { UserView } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const denied = (detail: string) => ({ detail, code: 'permission_denied' });
const RANKED_ABOVE = denied('You cannot modify a user ranked above you');

describe.each(await databaseKinds())('editing and deleting users (rest.md §4.2, §4.3) on %s', (kind) => {
  let w: World;
  let admin: Session, manager: Session, helpdesk: Session;
  const patch = (s: Session, id: number, payload: Record<string, unknown>, method: 'PATCH' | 'PUT' = 'PATCH') =>
    w.call<UserView>(method, `/api/users/${id}/`, { token: s.access, payload });
  const del = (s: Session, id: number) => w.call('DELETE', `/api/users/${id}/`, { token: s.access });

  beforeAll(async () => {
    w = await createWorld(kind);
    admin = await w.user('admin1', 'admin');
    manager = await w.user('manager1', 'manager');
    await w.call('POST', '/api/roles/', { token: w.owner.access, payload: { name: 'helpdesk', can_manage_users: true, priority: 10 } });
    await w.call('POST', '/api/roles/', { token: w.owner.access, payload: { name: 'intern', priority: 20 } });
    helpdesk = await w.user('hal', 'helpdesk');
  });
  afterAll(async () => w?.close());

  it('lets users edit their own names and identity; uniqueness ignores themselves', async () => {
    const me = await w.user('nora');
    const res = await patch(me, me.id, { username: 'Nora', email: 'NORA@example.com', first_name: ' Nora ', last_name: 'Lind' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'Nora', email: 'NORA@example.com', first_name: 'Nora', last_name: 'Lind' });
    const taken = await patch(me, me.id, { username: 'ADMIN1', email: 'admin1@example.com' });
    expect(taken.body).toMatchObject({ username: ['A user with that username already exists.'], email: ['A user with this email already exists.'] });
    const sneaky = await patch(me, me.id, { id: 999, is_staff: true, is_superuser: true, role_details: { name: 'owner' }, date_joined: '2000-01-01T00:00:00Z', profile_image: '/x' });
    expect(sneaky.status).toBe(200);
    expect(sneaky.body).toMatchObject({ id: me.id, role: 'user', is_staff: false, is_superuser: false, profile_image: null });
    const pw = await patch(me, me.id, { password: 'Whatever-Long-99' });
    expect(pw.body).toEqual({ password: ['Use the change-password endpoint to change a password.'], detail: 'password: Use the change-password endpoint to change a password.', code: 'invalid' });
    const put = await patch(me, me.id, { first_name: 'N' }, 'PUT');
    expect(put.body).toMatchObject({ username: ['This field is required.'], email: ['This field is required.'] });
  });

  it('accepts unchanged role and is_active as no-ops, refuses changing them on oneself', async () => {
    const res = await patch(admin, admin.id, { first_name: 'Ada', last_name: 'Admin', is_active: true, role: 'admin' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ first_name: 'Ada', role: 'admin', is_active: true });
    expect((await patch(admin, admin.id, { is_active: false })).body).toEqual(denied('You cannot deactivate your own account'));
    expect((await patch(admin, admin.id, { role: 'manager' })).body).toEqual(denied('You cannot change your own role'));
    expect((await patch(manager, manager.id, { role: 'manager', is_active: true, first_name: 'Max' })).status).toBe(200);
    expect((await patch(w.owner, w.owner.id, { is_active: false })).status).toBe(403);
    expect((await patch(w.owner, w.owner.id, { role: 'admin' })).status).toBe(403);
  });

  it('lets can_manage_users edit and deactivate others within the rank rules', async () => {
    const target = await w.user('otto');
    expect((await patch(admin, target.id, { first_name: 'Otto', is_active: false })).body).toMatchObject({ first_name: 'Otto', is_active: false });
    expect((await w.call('GET', '/api/users/me/', { token: target.access })).body).toMatchObject({ code: 'user_inactive' });
    expect((await w.login('otto')).status).toBe(401);
    expect((await patch(admin, target.id, { is_active: true })).body).toMatchObject({ is_active: true });
    expect((await w.login('otto')).status).toBe(200);
    expect((await patch(admin, target.id, { role: 'viewer' })).body).toMatchObject({ role: 'viewer' });
    expect((await patch(admin, target.id, { role: 'owner' })).body).toEqual(denied('Only owners can assign the owner role'));
    const peer = await w.user('admin2', 'admin');
    expect((await patch(admin, peer.id, { last_name: 'Peer' })).status).toBe(200);
  });

  it('refuses edits of the owner by anyone else, of users ranked above, and by callers without the flag', async () => {
    const owner = await w.call('PATCH', `/api/users/${w.owner.id}/`, { token: admin.access, payload: { is_active: false } });
    expect(owner.status).toBe(403);
    expect(['You cannot modify a user ranked above you', 'The system owner cannot be deactivated']).toContain(owner.body.detail);
    expect((await patch(admin, w.owner.id, { first_name: 'Mallory' })).body).toEqual(RANKED_ABOVE);
    const viewer = await w.user('vic', 'viewer');
    expect((await patch(helpdesk, viewer.id, { first_name: 'X' })).body).toEqual(RANKED_ABOVE);
    const intern = await w.user('ivo', 'intern');
    expect((await patch(helpdesk, intern.id, { first_name: 'Ivo' })).status).toBe(200);
    expect((await patch(manager, intern.id, { first_name: 'Y' })).body).toEqual(denied('You do not have permission to perform this action.'));
    expect((await patch(viewer, intern.id, { first_name: 'Z' })).status).toBe(404);
    const me = await w.call<UserView>('GET', `/api/users/${w.owner.id}/`, { token: w.owner.access });
    expect(me.body).toMatchObject({ is_active: true, first_name: '' });
  });

  it('deletes other users within the rules, in the order of rest.md §4.3', async () => {
    expect((await del(admin, admin.id)).body).toEqual(denied('You cannot delete your own account'));
    expect((await del(admin, w.owner.id)).body).toEqual(denied('System owners cannot be deleted for security reasons'));
    expect((await del(w.owner, w.owner.id)).body).toEqual(denied('You cannot delete your own account'));
    const viewer = await w.user('vera', 'viewer');
    expect((await del(helpdesk, viewer.id)).body).toEqual(RANKED_ABOVE);
    expect((await del(manager, viewer.id)).body).toEqual(denied('You do not have permission to perform this action.'));
    expect((await del(admin, 99999)).status).toBe(404);
    const peer = await w.user('admin3', 'admin');
    expect((await del(admin, peer.id)).status).toBe(204);
  });

  it('removes a deleted user with their sessions, keeping their login attempts', async () => {
    const gone = await w.user('gina');
    await w.login('gina', 'Wrong-Password-11');
    const attempts = () => w.db.selectFrom('login_attempts').select('id').where('username_normalized', '=', 'gina').execute();
    const before = (await attempts()).length;
    expect((await del(w.owner, gone.id)).status).toBe(204);
    expect((await w.call('GET', `/api/users/${gone.id}/`, { token: w.owner.access })).status).toBe(404);
    expect((await w.call('GET', '/api/users/me/', { token: gone.access })).body).toMatchObject({ code: 'user_not_found' });
    expect(await w.db.selectFrom('sessions').select('id').where('user_id', '=', gone.id).execute()).toEqual([]);
    expect((await attempts()).length).toBe(before);
    expect((await del(w.owner, gone.id)).status).toBe(404);
  });
});
