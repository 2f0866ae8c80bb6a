import { rmSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, signatureValid, sleep, startReceiver } from './helpers.js';

const kinds = await databaseKinds();
const FAST_RETRIES = { DELIVERY_RETRY_DELAYS: '1,1,1' };
const WAIT = 1100;

async function deliveriesOf(app: App, notificationId: string) {
  return app.ctx.db.selectFrom('deliveries').selectAll().where('notification_id', '=', notificationId).execute();
}

describe.each(kinds)('durable delivery outbox (%s)', (kind) => {
  let t: TestApp;
  let owner: Session, alice: Session;
  const call = (method: Parameters<typeof api>[1], url: string, who?: Session, payload?: unknown) => api(t.app, method, url, who, payload);
  const outbox = () => t.app.ctx.services.outbox;

  beforeAll(async () => {
    t = await createTestApp(kind, FAST_RETRIES);
    owner = await registerOwner(t.app);
    alice = await createUser(t.app, owner, 'alice', 'user');
  });
  afterAll(() => t?.close());

  async function hookAndNotify(statuses: number[], title: string) {
    const receiver = await startReceiver(statuses);
    const hook = (await call('POST', '/api/integrations/webhooks/', owner, { name: title, url: receiver.url, sources: [title] })).body;
    const notification = (await call('POST', '/api/notifications/', owner, { title, source: title, is_system: true })).body;
    await outbox().idle();
    return { receiver, hook, notification };
  }

  it('retries a failing receiver and delivers exactly one payload once it recovers', async () => {
    const { receiver, hook, notification } = await hookAndNotify([500, 503, 200], 'flaky');
    let [row] = await deliveriesOf(t.app, notification.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'HTTP 500', locked_by: null });
    expect(new Date(row.next_attempt_at!).getTime() - Date.now()).toBeGreaterThan(0);
    expect(await outbox().runOnce()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(receiver.requests).toHaveLength(1);
    await sleep(WAIT);
    expect(await outbox().runOnce()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    [row] = await deliveriesOf(t.app, notification.id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_error: 'HTTP 503' });
    await sleep(WAIT);
    expect(await outbox().runOnce()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    await sleep(WAIT);
    await outbox().runOnce();
    expect(receiver.requests).toHaveLength(3);
    expect(receiver.delivered()).toHaveLength(1);
    expect(new Set(receiver.requests.map((r) => r.headers['x-everyst-delivery']))).toEqual(new Set([row.id]));
    expect(new Set(receiver.requests.map((r) => r.body)).size).toBe(1);
    expect(receiver.requests.every((r) => signatureValid(r, hook.secret))).toBe(true);
    [row] = await deliveriesOf(t.app, notification.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_error: null, next_attempt_at: null });
    expect(row.delivered_at).not.toBeNull();
    await receiver.close();
  });

  it('marks a delivery failed after the last retry; admins see it and can queue it again', async () => {
    const { receiver, notification } = await hookAndNotify([500, 500, 500, 500, 200], 'doomed');
    for (let i = 0; i < 3; i++) {
      await sleep(WAIT);
      await outbox().runOnce();
    }
    const [row] = await deliveriesOf(t.app, notification.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 4, last_error: 'HTTP 500', next_attempt_at: null });
    expect(receiver.requests).toHaveLength(4);
    expect(receiver.delivered()).toHaveLength(0);

    expect((await call('GET', '/api/notifications/deliveries/?status=failed', alice)).status).toBe(403);
    const listed = (await call('GET', '/api/notifications/deliveries/?status=failed&channel=webhook', owner)).body;
    expect(listed.results.map((d: { id: string }) => d.id)).toContain(row.id);
    expect(listed.results.find((d: { id: string }) => d.id === row.id)).toMatchObject({ status: 'failed', attempts: 4, last_error: 'HTTP 500', notification: notification.id });

    expect((await call('POST', `/api/notifications/deliveries/${row.id}/retry/`, alice)).status).toBe(403);
    const retried = await call('POST', `/api/notifications/deliveries/${row.id}/retry/`, owner);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: row.id, status: 'pending' });
    expect(Math.abs(new Date(retried.body.next_attempt_at).getTime() - Date.now())).toBeLessThan(5000);
    await outbox().idle();
    expect(receiver.delivered()).toHaveLength(1);
    expect((await deliveriesOf(t.app, notification.id))[0]).toMatchObject({ status: 'delivered', attempts: 5 });
    const again = await call('POST', `/api/notifications/deliveries/${row.id}/retry/`, owner);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('conflict');
    expect((await call('POST', '/api/notifications/deliveries/6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10/retry/', owner)).status).toBe(404);
    await receiver.close();
  });
});

describe('outbox across a restart (sqlite)', () => {
  const { config, dataDir } = testConfig(FAST_RETRIES);
  const apps: App[] = [];
  const start = async () => {
    const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
    apps.push(app);
    return app;
  };
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver([500, 200]);
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers a pending delivery after the app is rebuilt on the same database, and retries rows whose sender died', async () => {
    const first = await start();
    const owner = await registerOwner(first);
    const hook = (await api(first, 'POST', '/api/integrations/webhooks/', owner, { name: 'r', url: receiver.url })).body;
    const notification = (await api(first, 'POST', '/api/notifications/', owner, { title: 'Survives', is_system: true })).body;
    await first.ctx.services.outbox.idle();
    expect(receiver.requests).toHaveLength(1);
    await first.close();

    const second = await start();
    const [pending] = await deliveriesOf(second, notification.id);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1 });
    await sleep(WAIT);
    expect(await second.ctx.services.outbox.runOnce()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.delivered()).toHaveLength(1);
    expect(signatureValid(receiver.delivered()[0], hook.secret)).toBe(true);

    // A row left `sending` by an instance that died is taken again once its lock expires.
    const stuck = (await api(second, 'POST', '/api/notifications/', owner, { title: 'Stuck', is_system: true })).body;
    await second.ctx.services.outbox.idle();
    const [sent] = await deliveriesOf(second, stuck.id);
    await second.ctx.db.updateTable('deliveries').set({ status: 'sending', locked_by: 'dead-instance', locked_until: new Date(Date.now() + 60_000).toISOString(), delivered_at: null })
      .where('id', '=', sent.id).execute();
    expect((await second.ctx.services.outbox.runOnce()).delivered).toBe(0);
    await second.ctx.db.updateTable('deliveries').set({ locked_until: new Date(Date.now() - 1000).toISOString() }).where('id', '=', sent.id).execute();
    expect((await second.ctx.services.outbox.runOnce()).delivered).toBe(1);
    expect((await deliveriesOf(second, stuck.id))[0]).toMatchObject({ status: 'delivered', locked_by: null });
  });
});
