import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, createUser, type Session } from '../helpers/factories.js';
import { connectSocket, gaps, sleep, waitFor, type TestSocket } from './helpers.js';

const ALL_GROUPS = ['cpu', 'memory', 'swap', 'filesystems', 'disk_io', 'network', 'processes', 'temperatures', 'host'];
const FLOOR_S = 0.5;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

describe('live metrics over Socket.IO (realtime.md §2.3, §4, §5)', () => {
  let t: TestApp;
  let port: number;
  let owner: Session;
  let viewer: Session;
  const open: TestSocket[] = [];
  const connect = async (s: Session) => {
    const socket = await connectSocket(port, s.access);
    open.push(socket);
    return socket;
  };
  const live = () => t.app.ctx.services.metrics.live;

  beforeAll(async () => {
    t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1', METRICS_INTERVAL_SECONDS: String(FLOOR_S) });
    port = await t.app.listen();
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
  });
  afterEach(async () => {
    open.splice(0).forEach((s) => s.close());
    await waitFor(() => live().subscriberCount === 0, 3000, 'subscriptions to end');
  });
  afterAll(async () => t.close());

  it('pushes one metrics_update right after connect, with the flat keys the dashboard reads and every group', async () => {
    const started = performance.now();
    const s = await connect(viewer);
    await waitFor(() => s.of('metrics_update').length > 0, 3000, 'first metrics_update');
    const first = s.of('metrics_update')[0];
    expect(first.at - started).toBeLessThan(FLOOR_S * 1000 + 400);
    const m = first.payload;
    expect(m.timestamp).toMatch(ISO);
    for (const key of ['cpu_usage', 'cpu_speed', 'memory_usage', 'memory_total', 'memory_used', 'disk_usage', 'disk_total', 'disk_used']) {
      expect(typeof m[key], key).toBe('number');
    }
    expect(Number.isInteger(m.cpu_cores) && m.cpu_cores > 0).toBe(true);
    expect(Number.isInteger(m.network_rx) && Number.isInteger(m.network_tx)).toBe(true);
    expect(m.uptime.duration).toMatch(/^\d+d \d+h \d+m$/);
    expect(m.uptime.percentage).toBeGreaterThan(0);
    expect(Object.keys(m.server_info).sort()).toEqual(['architecture', 'hostname', 'kernel', 'os', 'private_ip', 'public_ip']);
    expect(m.server_info.public_ip).toBe('Unknown');
    // The host's own security snapshot (taken at start) decides the status here; dashboard.test.ts checks the rules.
    expect(Object.keys(m.security)).toEqual(['status', 'lastScan']);
    expect(['success', 'warning', 'error']).toContain(m.security.status);
    expect(m.threats).toEqual([]);
    expect(m.alerts).toEqual([]);
    expect(Object.keys(m.extended)).toEqual(ALL_GROUPS);
    // …and then keeps pushing at the default interval (the floor).
    await waitFor(() => s.of('metrics_update').length >= 3, 3000, 'periodic pushes');
  });

  it('a slower interval and a subset of groups: only those groups, never faster than asked', async () => {
    const s = await connect(viewer);
    await waitFor(() => s.of('metrics_update').length > 0, 3000, 'first push');
    const ack = await s.ack('subscribe_metrics', { interval: 1.2, groups: ['memory', 'cpu'] });
    expect(ack).toEqual({ status: 'success', interval: 1.2, groups: ['core', 'cpu', 'memory'] });
    const before = s.of('metrics_update').length;
    await sleep(4000);
    const after = s.of('metrics_update').slice(before);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(after.length).toBeLessThanOrEqual(4);
    for (const r of after) expect(Object.keys(r.payload.extended)).toEqual(['cpu', 'memory']);
    for (const r of after) expect(typeof r.payload.cpu_usage).toBe('number'); // core is always included
    for (const gap of gaps(after)) expect(gap).toBeGreaterThan(1200 - 150);
  });

  it('raises an interval below METRICS_INTERVAL_SECONDS to the floor and caps it at 60', async () => {
    const s = await connect(owner);
    expect(await s.ack('subscribe_metrics', { interval: 0.05, groups: ['core'] })).toEqual({ status: 'success', interval: FLOOR_S, groups: ['core'] });
    const before = s.of('metrics_update').length;
    await sleep(2600);
    const after = s.of('metrics_update').slice(before);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.length).toBeLessThanOrEqual(7);
    for (const gap of gaps(after)) expect(gap).toBeGreaterThan(FLOOR_S * 1000 - 150);
    for (const r of after) expect(r.payload.extended).toEqual({});
    expect((await s.ack('subscribe_metrics', { interval: 3600 })).interval).toBe(60);
  });

  it('rejects unknown groups and non-numeric intervals with an error ack, keeping the subscription', async () => {
    const s = await connect(viewer);
    expect(await s.ack('subscribe_metrics', { groups: ['cpu', 'gpu'] })).toMatchObject({ status: 'error', error: 'Unknown metrics group: gpu', code: 'invalid' });
    expect(await s.ack('subscribe_metrics', { groups: [] })).toMatchObject({ status: 'error', code: 'invalid' });
    expect(await s.ack('subscribe_metrics', { interval: 'fast' })).toMatchObject({ status: 'error', code: 'invalid' });
    expect(await s.ack('get_current_metrics', { groups: ['nope'] })).toMatchObject({ status: 'error', error: 'Unknown metrics group: nope' });
    expect(live().current(s.socket.id!)).toMatchObject({ intervalMs: FLOOR_S * 1000, groups: ALL_GROUPS });
  });

  it('get_current_metrics answers the metrics object restricted to the groups asked for', async () => {
    const s = await connect(viewer);
    const ack = await s.ack('get_current_metrics', { groups: ['disk_io'] });
    expect(ack.status).toBe('success');
    expect(Object.keys(ack.metrics.extended)).toEqual(['disk_io']);
    expect(typeof ack.metrics.memory_usage).toBe('number');
    const all = await s.ack('get_current_metrics');
    expect(Object.keys(all.metrics.extended)).toEqual(ALL_GROUPS);
  });

  it('unsubscribe_metrics stops the pushes; subscribing again restarts them', async () => {
    const s = await connect(viewer);
    await waitFor(() => s.of('metrics_update').length > 0, 3000, 'first push');
    expect(await s.ack('unsubscribe_metrics')).toEqual({ status: 'success' });
    const count = s.of('metrics_update').length;
    await sleep(1500);
    expect(s.of('metrics_update').length).toBe(count);
    expect(live().running).toBe(false);
    await s.ack('subscribe_metrics', {});
    await waitFor(() => s.of('metrics_update').length > count, 2000, 'pushes after subscribing again');
  });

  it('samples once per floor for every subscriber together, and stops when the last subscriber leaves', async () => {
    const bus: string[] = [];
    const spy = (e: { event: string }) => bus.push(e.event);
    t.app.ctx.bus.on('client', spy);
    const a = await connect(viewer);
    const b = await connect(owner);
    const c = await connect(viewer);
    await sleep(300);
    const samplings = live().samplings;
    await sleep(3000);
    // Three sockets at the 0.5 s floor share one reading per wake-up: about 6 readings, not 18.
    expect(live().samplings - samplings).toBeLessThanOrEqual(8);
    for (const s of [a, b, c]) expect(s.of('metrics_update').length).toBeGreaterThanOrEqual(5);
    expect(bus).not.toContain('metrics_update'); // per instance: never through the bus
    t.app.ctx.bus.off('client', spy);

    a.close();
    b.close();
    await waitFor(() => live().subscriberCount === 1, 2000, 'two subscribers gone');
    expect(live().running).toBe(true);
    c.close();
    await waitFor(() => live().subscriberCount === 0, 2000, 'last subscriber gone');
    await sleep(50);
    expect(live().running).toBe(false);
    const stopped = live().samplings;
    await sleep(1200);
    expect(live().samplings).toBe(stopped);
  });
});
