import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import type { ClientEvent } from '../../src/realtime/bus.js';
import { api } from './helpers.js';

describe('notification API for other modules', () => {
  let t: TestApp;
  let owner: Session, manager: Session, alice: Session, idle: Session;
  const pushed: ClientEvent[] = [];
  const titles = async (who: Session) => (await api(t.app, 'GET', '/api/notifications/', who)).body.results.map((n: { title: string }) => n.title);

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'manny', 'manager');
    alice = await createUser(t.app, owner, 'alice', 'user');
    idle = await createUser(t.app, owner, 'ivan', 'admin');
    await t.app.ctx.db.updateTable('users').set({ is_active: false }).where('id', '=', idle.id).execute();
    t.app.ctx.bus.on('client', (e) => {
      if (e.event === 'notification') pushed.push(e);
    });
  });
  afterAll(() => t?.close());

  it('createSystem stores a system notification and pushes it to everyone with its duration', async () => {
    const n = await t.app.ctx.services.notifications.createSystem({ title: 'High CPU Usage', message: 'CPU usage has reached 97.0%', type: 'error', source: 'system_monitoring', duration: 10_000 });
    expect(n).toMatchObject({ is_system: true, user: null, source: 'system_monitoring', created_by: null, read: false });
    expect(pushed.at(-1)).toEqual({ event: 'notification', audience: { kind: 'all' }, payload: expect.objectContaining({ id: n.id, duration: 10_000, type: 'error' }) });
    expect(await titles(alice)).toContain('High CPU Usage');
  });

  it('createForUser and createForRole address one user or one role', async () => {
    await t.app.ctx.services.notifications.createForUser(alice.id, { title: 'Network Scan Complete', type: 'success', source: 'network_scanner' });
    expect(pushed.at(-1)).toMatchObject({ audience: { kind: 'user', userId: alice.id }, payload: { duration: 5000, user: alice.id } });
    await t.app.ctx.services.notifications.createForRole('manager', { title: 'Managers only' });
    expect(pushed.at(-1)).toMatchObject({ audience: { kind: 'role', role: 'manager' }, payload: { target_role: 'manager', source: 'system' } });
    expect(await titles(alice)).toContain('Network Scan Complete');
    expect(await titles(manager)).not.toContain('Network Scan Complete');
    expect(await titles(manager)).toContain('Managers only');
    expect(await titles(alice)).not.toContain('Managers only');
  });

  it('createForFlag gives each active holder of the flag a personal notification', async () => {
    const before = pushed.length;
    const created = await t.app.ctx.services.notifications.createForFlag('can_manage_system', { title: 'Port 23 open', type: 'warning', source: 'security' });
    expect(created.map((n) => n.user).sort()).toEqual([owner.id, manager.id].sort());
    expect(pushed.slice(before).map((e) => e.audience)).toEqual(created.map((n) => ({ kind: 'user', userId: n.user })));
    expect(await titles(owner)).toContain('Port 23 open');
    expect(await titles(manager)).toContain('Port 23 open');
    expect(await titles(alice)).not.toContain('Port 23 open');
    // Each recipient owns theirs: deleting one leaves the other.
    const mine = (await api(t.app, 'GET', '/api/notifications/?source=security', manager)).body.results[0];
    expect((await api(t.app, 'DELETE', `/api/notifications/${mine.id}/`, manager)).status).toBe(204);
    expect(await titles(owner)).toContain('Port 23 open');
  });
});
