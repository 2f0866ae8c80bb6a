import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { connectSocket, waitFor, type TestSocket } from '../metrics/helpers.js';
import { EvaluationDriver } from './context.js';
import { calm, MiB, readings } from './readings.js';

describe.each(await databaseKinds())('threshold evaluation (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let socket: TestSocket;
  let d: EvaluationDriver;
  const alertEvents = (id: string) => socket.of('alert').filter((e) => e.payload.alert.id === id).map((e) => e.payload.event);

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    const port = await t.app.listen();
    await t.app.ctx.scheduler.stop(); // the test is the clock: no evaluation job with real readings
    owner = await registerOwner(t.app);
    socket = await connectSocket(port, owner.access);
    d = new EvaluationDriver(t.app, owner);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('memory: opens at warning, tracks the peak, escalates, holds within the hysteresis band, resolves, then cools down', async () => {
    const rule = await d.rule('High memory usage');
    await d.at(0, readings({ memory_usage: 92 }));
    let [alert] = await d.alertsOf(rule.id);
    expect(alert).toMatchObject({
      title: 'High Memory Usage', message: 'System RAM usage has reached 92.0%', severity: 'high', status: 'new', source: 'system_monitoring',
      rule: rule.id, metric: 'memory_usage', target: null, host: t.app.ctx.host, value: 92, threshold: 90, peak_value: 92,
    });
    expect(await d.newNotifications()).toEqual([
      { title: 'High Memory Usage', message: 'System RAM usage has reached 92.0%', type: 'warning', source: 'system_monitoring', is_system: true },
    ]);
    await waitFor(() => socket.of('notification').some((n) => n.payload.title === 'High Memory Usage'), 3000, 'notification push');
    expect(socket.of('notification').find((n) => n.payload.title === 'High Memory Usage')!.payload).toMatchObject({ type: 'warning', duration: 10_000, is_system: true });

    await d.at(10, readings({ memory_usage: 95 }));
    expect((await d.alertsOf(rule.id))[0]).toMatchObject({ severity: 'high', peak_value: 95, value: 92 });
    expect(await d.newNotifications()).toEqual([]);

    await d.at(10, readings({ memory_usage: 98 }));
    [alert] = await d.alertsOf(rule.id);
    expect(alert).toMatchObject({ severity: 'critical', threshold: 97, peak_value: 98, title: 'High Memory Usage', message: 'System RAM usage has reached 92.0%' });
    expect(await d.newNotifications()).toMatchObject([{ title: 'High Memory Usage', message: 'System RAM usage has reached 98.0%', type: 'error' }]);

    await d.at(10, readings({ memory_usage: 85.5 })); // ≥ 90 − 5: still open; alerts never de-escalate
    expect((await d.alertsOf(rule.id))[0]).toMatchObject({ status: 'new', severity: 'critical' });
    await d.at(10, readings({ memory_usage: 84.9 }));
    [alert] = await d.alertsOf(rule.id);
    expect(alert).toMatchObject({ status: 'resolved', peak_value: 98 });
    expect(alert.resolved_at).toMatch(/\+00:00$/);
    expect(await d.newNotifications()).toMatchObject([
      { title: 'Memory Usage Normal', message: 'System RAM usage has returned to a normal level (84.9%).', type: 'success' },
    ]);
    await waitFor(() => alertEvents(alert.id as string).length === 3, 3000, 'alert events');
    expect(alertEvents(alert.id as string)).toEqual(['opened', 'escalated', 'resolved']);
    await waitFor(() => socket.of('notification').some((n) => n.payload.title === 'Memory Usage Normal'), 3000, 'resolve push');
    expect(socket.of('notification').find((n) => n.payload.title === 'Memory Usage Normal')!.payload.duration).toBe(5000);

    await d.at(299, readings({ memory_usage: 93 })); // cooldown 300 s
    expect(await d.alertsOf(rule.id)).toHaveLength(1);
    await d.at(1, readings({ memory_usage: 93 }));
    const [reopened] = await d.alertsOf(rule.id);
    expect(reopened).toMatchObject({ status: 'new', severity: 'high', value: 93 });
    await d.at(10, calm());
    expect((await d.alertsOf(rule.id)).map((a) => a.status)).toEqual(['resolved', 'resolved']);
    await d.newNotifications();
  });

  it('cpu: the condition must hold for duration_seconds (a dip restarts it), also before escalating', async () => {
    const rule = await d.rule('High CPU usage'); // 90 / 98, 300 s, hysteresis 10
    await d.at(0, readings({ cpu_usage: 95 }));
    await d.at(200, readings({ cpu_usage: 80 }));
    await d.at(50, readings({ cpu_usage: 95 })); // held since here
    await d.at(290, readings({ cpu_usage: 96 }));
    expect(await d.alertsOf(rule.id)).toEqual([]);
    await d.at(10, readings({ cpu_usage: 96 }));
    expect((await d.alertsOf(rule.id))[0]).toMatchObject({ severity: 'high', title: 'High CPU Usage', message: 'CPU usage has reached 96.0%' });
    await d.at(10, readings({ cpu_usage: 99 })); // critical since here
    await d.at(290, readings({ cpu_usage: 99 }));
    expect((await d.alertsOf(rule.id))[0].severity).toBe('high');
    await d.at(10, readings({ cpu_usage: 99.5 }));
    expect((await d.alertsOf(rule.id))[0]).toMatchObject({ severity: 'critical', peak_value: 99.5 });
    await d.at(10, readings({ cpu_usage: 80 })); // 80 is not below 90 − 10
    expect((await d.alertsOf(rule.id))[0].status).toBe('new');
    await d.at(10, readings({ cpu_usage: 79.9 }));
    expect((await d.alertsOf(rule.id))[0].status).toBe('resolved');
    expect((await d.newNotifications()).map((n) => [n.title, n.message, n.type])).toEqual([
      ['High CPU Usage', 'CPU usage has reached 96.0%', 'warning'],
      ['High CPU Usage', 'CPU usage has reached 99.5%', 'error'],
      ['CPU Usage Normal', 'CPU usage has returned to a normal level (79.9%).', 'success'],
    ]);
  });

  it('filesystem_usage with no target: every filesystem on its own; critical at once opens critical', async () => {
    const rule = await d.rule('Low disk space'); // 90 / 95, 0 s, hysteresis 2
    const fs = (boot: number) => [{ mount_point: '/', usage_percent: 30 }, { mount_point: '/boot', usage_percent: boot }, { mount_point: '/data', usage_percent: 96 }];
    await d.at(0, readings({ filesystems: fs(91) }));
    const alerts = await d.alertsOf(rule.id);
    expect(alerts.map((a) => [a.target, a.severity, a.title, a.message]).sort()).toEqual([
      ['/boot', 'high', 'Low Disk Space (/boot)', 'Filesystem /boot is 91.0% full'],
      ['/data', 'critical', 'Low Disk Space (/data)', 'Filesystem /data is 96.0% full'],
    ]);
    expect((await d.newNotifications()).map((n) => n.type).sort()).toEqual(['error', 'warning']);
    await d.at(10, readings({ filesystems: fs(88) }));
    expect((await d.alertsOf(rule.id)).filter((a) => a.status === 'resolved')).toEqual([]);
    await d.at(10, readings({ filesystems: fs(87.9) }));
    expect((await d.alertsOf(rule.id)).find((a) => a.target === '/boot')!.status).toBe('resolved');
    expect(await d.newNotifications()).toMatchObject([
      { title: 'Disk Space Normal (/boot)', message: 'Filesystem /boot usage has returned to a normal level (87.9%).', type: 'success' },
    ]);
    await d.at(10, readings({ filesystems: fs(10).filter((f) => f.mount_point !== '/data') }));
    expect((await d.alertsOf(rule.id)).find((a) => a.target === '/data')!.status).toBe('new'); // unmounted: nothing to compare
  });

  it('network: one interface or every non-loopback interface, rates in binary units', async () => {
    const one = await d.createRule({ name: 'Uplink in', metric: 'network_rx', target: 'eth0', warning_threshold: 10 * MiB, hysteresis: MiB });
    const all = await d.createRule({ name: 'All out', metric: 'network_tx', warning_threshold: 5 * MiB, critical_threshold: 50 * MiB, hysteresis: MiB });
    const ifaces = (rx: number, tx: number) => [{ name: 'lo', rx: 900 * MiB, tx: 900 * MiB }, { name: 'eth0', rx, tx }];
    await d.at(0, readings({ interfaces: ifaces(12.3 * MiB, 0), network_rx: 12.3 * MiB, network_tx: 60 * MiB }));
    expect((await d.alertsOf(one.id))[0]).toMatchObject({ target: 'eth0', title: 'High Incoming Traffic (eth0)', message: 'Incoming traffic has reached 12.3 MB/s' });
    expect((await d.alertsOf(all.id))[0]).toMatchObject({ target: null, severity: 'critical', title: 'High Outgoing Traffic (all interfaces)', message: 'Outgoing traffic has reached 60.0 MB/s' });
    await d.at(10, readings({ interfaces: ifaces(1024, 0), network_rx: 1024, network_tx: 2.5 * 1024 ** 3 }));
    expect((await d.alertsOf(one.id))[0].status).toBe('resolved');
    expect((await d.newNotifications()).map((n) => n.message).sort()).toEqual([
      'Incoming traffic has reached 12.3 MB/s', 'Incoming traffic has returned to a normal level (1.0 KB/s).', 'Outgoing traffic has reached 60.0 MB/s',
    ]);
    await d.at(10, readings({ network_tx: 100 }));
    expect(await d.newNotifications()).toMatchObject([{ title: 'Outgoing Traffic Normal (all interfaces)', message: 'Outgoing traffic has returned to a normal level (100.0 B/s).' }]);
  });

  it('temperature: the hottest sensor (duration 60 s); load per core', async () => {
    const temp = await d.rule('High temperature');
    const sensors = [{ sensor: 'coretemp', label: 'Core 0', celsius: 80 }, { sensor: 'coretemp', label: 'Package id 0', celsius: 90 }];
    await d.at(0, readings({ temperatures: sensors }));
    expect(await d.alertsOf(temp.id)).toEqual([]);
    await d.at(60, readings({ temperatures: sensors }));
    expect((await d.alertsOf(temp.id))[0]).toMatchObject({
      target: 'coretemp/Package id 0', title: 'High Temperature (coretemp/Package id 0)', message: 'Temperature has reached 90.0 °C', severity: 'high',
    });
    await d.at(10, calm());
    expect(await d.newNotifications()).toMatchObject([
      { title: 'High Temperature (coretemp/Package id 0)' },
      { title: 'Temperature Normal (coretemp/Package id 0)', message: 'Temperature has returned to a normal level (45.0 °C).' },
    ]);

    const load = await d.patchRule('High system load', { duration_seconds: 0 });
    await d.at(10, readings({ load_per_core: 2.5 }));
    expect((await d.alertsOf(load.id))[0]).toMatchObject({ title: 'High System Load', message: 'Load average per core has reached 2.5' });
    await d.at(10, readings({ load_per_core: 1.2 }));
    expect((await d.newNotifications()).map((n) => n.message)).toEqual([
      'Load average per core has reached 2.5', 'Load average per core has returned to a normal level (1.2).',
    ]);
  });
});
