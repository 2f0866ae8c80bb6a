import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { ClientEvent } from '../../src/realtime/bus.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { api } from '../metrics/helpers.js';
import { EvaluationDriver } from './context.js';
import { calm, readings } from './readings.js';

describe.each(await databaseKinds())('alert lifecycle (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let d: EvaluationDriver;
  const events: ClientEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp(kind);
    owner = await registerOwner(t.app);
    d = new EvaluationDriver(t.app, owner);
    t.app.ctx.bus.on('client', (e) => events.push(e));
  });
  afterAll(async () => t.close());

  it('notify false: the alert opens and resolves without notifications', async () => {
    const rule = await d.createRule({ name: 'Quiet swap', metric: 'swap_usage', warning_threshold: 40, notify: false, cooldown_seconds: 0 });
    await d.at(10, readings({ swap_usage: 45 }));
    await d.at(10, calm());
    expect((await d.alertsOf(rule.id)).map((a) => a.status)).toEqual(['resolved']);
    expect(await d.newNotifications()).toEqual([]);
  });

  it('disabling a rule resolves its open alerts without a notification, with the `alert` event', async () => {
    const rule = await d.createRule({ name: 'Busy cpu', metric: 'cpu_usage', warning_threshold: 50 });
    await d.at(10, readings({ cpu_usage: 60 }));
    const [alert] = await d.alertsOf(rule.id);
    await d.newNotifications();
    await d.patchRule('Busy cpu', { enabled: false });
    expect((await d.alertsOf(rule.id))[0]).toMatchObject({ id: alert.id, status: 'resolved' });
    expect(await d.newNotifications()).toEqual([]);
    expect(events.filter((e) => e.event === 'alert' && (e.payload as { alert: { id: string } }).alert.id === alert.id)
      .map((e) => (e.payload as { event: string }).event)).toEqual(['opened', 'resolved']);
    await d.at(10, readings({ cpu_usage: 90 }));
    expect(await d.alertsOf(rule.id)).toHaveLength(1); // disabled rules are not evaluated
  });

  it('a manually resolved alert whose condition still holds reopens once the cooldown has passed', async () => {
    const rule = await d.createRule({ name: 'Tight memory', metric: 'memory_usage', warning_threshold: 50, cooldown_seconds: 100 });
    await d.at(10, readings({ memory_usage: 60 }));
    const [alert] = await d.alertsOf(rule.id);
    expect((await api(t.app, 'POST', `/api/alerts/${alert.id}/resolve/`, owner)).status).toBe(200);
    // The real clock resolved it; the driver's clock starts from the real time, so count from there.
    d.now = Date.now();
    await d.at(50, readings({ memory_usage: 60 }));
    expect(await d.alertsOf(rule.id)).toHaveLength(1);
    await d.at(51, readings({ memory_usage: 60 }));
    expect((await d.alertsOf(rule.id)).map((a) => a.status)).toEqual(['new', 'resolved']);
    await d.patchRule('Tight memory', { enabled: false });
  });

  it('an acknowledged alert resolves like any other', async () => {
    const rule = await d.createRule({ name: 'Ack me', metric: 'load_per_core', critical_threshold: 3, hysteresis: 1 });
    await d.at(10, readings({ load_per_core: 3.5 }));
    const [alert] = await d.alertsOf(rule.id);
    expect(alert.severity).toBe('critical');
    await api(t.app, 'POST', `/api/alerts/${alert.id}/acknowledge/`, owner);
    await d.at(10, readings({ load_per_core: 2.5 }));
    expect((await d.alertsOf(rule.id))[0].status).toBe('acknowledged');
    await d.at(10, readings({ load_per_core: 1.9 }));
    expect((await d.alertsOf(rule.id))[0]).toMatchObject({ status: 'resolved', acknowledged_by: owner.id });
  });

  it('after a restart open alerts stay open and evaluation resumes; pending durations start again', async () => {
    const open = await d.createRule({ name: 'Restart open', metric: 'swap_usage', warning_threshold: 70 });
    const pending = await d.createRule({ name: 'Restart pending', metric: 'cpu_usage', warning_threshold: 70, duration_seconds: 300 });
    await d.at(10, readings({ swap_usage: 75, cpu_usage: 75 }));
    await d.at(200, readings({ swap_usage: 75, cpu_usage: 75 }));
    const [before] = await d.alertsOf(open.id);

    const restarted = await buildApp(t.config, { logger: pino({ level: 'silent' }) });
    try {
      const d2 = new EvaluationDriver(restarted, owner);
      d2.now = d.now;
      await d2.at(110, readings({ swap_usage: 76, cpu_usage: 75 })); // 310 s since the condition began, but only 0 s in this process
      expect(await d2.alertsOf(open.id)).toEqual([expect.objectContaining({ id: before.id, status: 'new', peak_value: 76 })]);
      expect(await d2.alertsOf(pending.id)).toEqual([]);
      await d2.at(299, readings({ cpu_usage: 75, swap_usage: 75 }));
      expect(await d2.alertsOf(pending.id)).toEqual([]);
      await d2.at(1, readings({ cpu_usage: 75, swap_usage: 60 }));
      expect((await d2.alertsOf(pending.id)).map((a) => a.status)).toEqual(['new']);
      expect((await d2.alertsOf(open.id))[0]).toMatchObject({ id: before.id, status: 'resolved' });
    } finally {
      await restarted.close();
    }
  });

  it('an alert notice becomes a system notification, stored and pushed to everyone', async () => {
    const seen: ClientEvent[] = [];
    const listener = (e: ClientEvent) => seen.push(e);
    t.app.ctx.bus.on('client', listener);
    await t.app.ctx.services.notifications
      .createSystem({ title: 'Fallback title', message: 'Fallback body', type: 'warning', source: 'system_monitoring', duration: 10_000 });
    t.app.ctx.bus.off('client', listener);
    const row = await t.app.ctx.db.selectFrom('notifications').selectAll().where('title', '=', 'Fallback title').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ message: 'Fallback body', type: 'warning', source: 'system_monitoring', user_id: null, target_role: null });
    expect(Boolean(row.is_system)).toBe(true);
    expect(seen).toEqual([{
      event: 'notification', audience: { kind: 'all' },
      payload: {
        id: row.id, title: 'Fallback title', message: 'Fallback body', type: 'warning', timestamp: Date.parse(row.timestamp), read: false,
        is_system: true, source: 'system_monitoring', duration: 10_000, user: null, target_role: null,
      },
    }]);
  });
});
