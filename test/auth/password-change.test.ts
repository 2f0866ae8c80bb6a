import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { USER_PASSWORD, type Session } from '../helpers/factories.js';
import { createWorld, type World } from './support/world.js';

const REUSED = 'You cannot reuse one of your last 5 passwords.';
const DENIED = { detail: "You don't have permission to change this user's password", code: 'permission_denied' };

describe.each(await databaseKinds())('change-password and password history (rest.md §3.7, §4.6) on %s', (kind) => {
  let w: World;
  const change = (s: Session, targetId: number, payload: Record<string, unknown>) =>
    w.call('POST', `/api/users/${targetId}/change-password/`, { token: s.access, payload });

  beforeAll(async () => {
    w = await createWorld(kind);
  });
  afterAll(async () => w?.close());

  it('refuses the last 5 passwords (the current one included) and accepts the 6th oldest', async () => {
    const s = await w.user('hanna');
    const passwords = [USER_PASSWORD, 'Granite-Falcon-01', 'Granite-Falcon-02', 'Granite-Falcon-03', 'Granite-Falcon-04'];
    for (let i = 1; i < passwords.length; i++) {
      const res = await change(s, s.id, { current_password: passwords[i - 1], new_password: passwords[i] });
      expect(res.status, res.text).toBe(200);
    }
    let current = passwords[4];
    for (const old of passwords) {
      const res = await change(s, s.id, { current_password: current, new_password: old });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ new_password: [REUSED], detail: `new_password: ${REUSED}`, code: 'invalid' });
    }
    expect((await change(s, s.id, { current_password: current, new_password: 'Granite-Falcon-05' })).status).toBe(200);
    current = 'Granite-Falcon-05';
    expect((await change(s, s.id, { current_password: current, new_password: passwords[1] })).body).toMatchObject({ new_password: [REUSED] });
    expect((await change(s, s.id, { current_password: current, new_password: USER_PASSWORD })).status).toBe(200);
    expect((await w.login('hanna', USER_PASSWORD)).status).toBe(200);
  });

  it('applies the history to a change made by an admin too', async () => {
    const s = await w.user('henrik');
    const res = await change(w.owner, s.id, { new_password: USER_PASSWORD });
    expect(res.body).toMatchObject({ new_password: [REUSED] });
  });

  it('requires both fields and the right current password for an own change', async () => {
    const s = await w.user('ines');
    for (const payload of [{}, { current_password: USER_PASSWORD }, { new_password: 'Velvet-Harbor-88' }, { current_password: '', new_password: 'Velvet-Harbor-88' }]) {
      const res = await change(s, s.id, payload);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ detail: 'Current and new password are required', code: 'invalid' });
    }
    const wrong = await change(s, s.id, { current_password: 'Not-The-Password-1', new_password: 'Velvet-Harbor-88' });
    expect(wrong.body).toEqual({ detail: 'Current password is incorrect', code: 'invalid' });
    const weak = await change(s, s.id, { current_password: USER_PASSWORD, new_password: 'ines2024' });
    expect(weak.status).toBe(400);
    expect(weak.body).toEqual({
      new_password: ['The password is too similar to the username.', 'The password is too similar to the email address.'],
      detail: 'new_password: The password is too similar to the username.', code: 'invalid',
    });
    expect((await w.login('ines')).status).toBe(200);
  });

  it("lets can_manage_users change others' passwords without the current one, within the rank rules", async () => {
    const admin = await w.user('ada-admin', 'admin');
    const manager = await w.user('max-manager', 'manager');
    const target = await w.user('tom');
    expect((await change(admin, target.id, { new_password: 'Copper-Willow-12' })).body).toEqual({ detail: 'Password changed successfully' });
    expect((await w.login('tom', 'Copper-Willow-12')).status).toBe(200);
    expect((await change(admin, w.owner.id, { new_password: 'Copper-Willow-13' })).body).toEqual(DENIED);
    expect((await change(manager, target.id, { new_password: 'Copper-Willow-14' })).body).toEqual(DENIED);
    const viewer = await w.user('val', 'viewer');
    expect((await change(viewer, target.id, { new_password: 'Copper-Willow-15' })).status).toBe(404);
    expect((await change(w.owner, admin.id, { new_password: 'Copper-Willow-16' })).status).toBe(200);
  });
});
