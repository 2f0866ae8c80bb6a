import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { login, USER_PASSWORD } from '../helpers/factories.js';
import { contractEvent, createWorld, expectStatus, type Json, type World } from './harness.js';
import { Alert, Connection, Device, expectShape, NotificationEvent, oneOf, Topology } from './shapes.js';
import { MetricsObject } from './shapes-host.js';
import { ack, connect, nextEvent, type Client } from './sockets.js';

/** The one real scan here is of 127.0.0.1 only (the only allowed address), without ports or name lookups. */
const ENV = { API_PORT: '0', API_HOST: '127.0.0.1', SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false', METRICS_INTERVAL_SECONDS: '0.5' };

const ScanProgress = {
  scan_id: 'uuid', job_id: 'string', status: oneOf('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT', 'INTERRUPTED'),
  progress: 'integer', message: 'string', phase: 'string', discovered_devices: 'integer', is_complete: 'boolean',
};

describe.each(await databaseKinds())('server → client events (realtime.md §6) on %s', (kind) => {
  let w: World;
  let port: number;
  let owner: Client;
  let viewer: Client;
  let device: Json;
  beforeAll(async () => {
    w = await createWorld(kind, ENV, ['viewer']);
    port = await w.t.app.listen();
    [owner, viewer] = await Promise.all([connect(port, w.owner.access), connect(port, w.users.viewer.access)]);
  });
  afterAll(async () => {
    owner?.close();
    viewer?.close();
    await w?.close();
  });

  contractEvent('metrics_update', async () => {
    const [first] = await nextEvent(viewer, 'metrics_update');
    expectShape(first, MetricsObject(), 'metrics_update at connect');
    await ack(viewer, 'subscribe_metrics', { groups: ['memory'] });
    const from = viewer.received.length;
    const [narrow] = await nextEvent(viewer, 'metrics_update', () => true, 5000, from);
    expectShape(narrow, MetricsObject(['memory']), 'metrics_update with groups [memory]');
  });

  contractEvent('notification', async () => {
    const res = await w.raw('POST', '/api/notifications/', { as: w.owner, body: { title: 'Ping', user: w.users.viewer.id, type: 'warning' } });
    expectStatus(res, 201);
    const [pushed] = await nextEvent(viewer, 'notification', ([n]) => n.title === 'Ping');
    expectShape(pushed, NotificationEvent);
    expect(pushed).toMatchObject({ id: res.body.id, timestamp: res.body.timestamp, read: false, duration: 5000, user: w.users.viewer.id, target_role: null });
    expect(owner.received.some((e) => e.event === 'notification' && e.args[0].title === 'Ping')).toBe(false);
  });

  contractEvent('alert', async () => {
    const created = await w.raw('POST', '/api/alerts/', { as: w.owner, body: { title: 'Hot', message: 'very', source: 'contract' } });
    const [opened] = await nextEvent(viewer, 'alert', ([e]) => e.alert.id === created.body.id && e.event === 'opened');
    expectShape(opened, { event: oneOf('opened'), alert: Alert });
    await w.raw('POST', `/api/alerts/${created.body.id}/acknowledge/`, { as: w.owner });
    const [acked] = await nextEvent(viewer, 'alert', ([e]) => e.event === 'acknowledged');
    expectShape(acked, { event: oneOf('acknowledged'), alert: Alert });
  });

  contractEvent('network_update', async () => {
    device = (await w.raw('POST', '/api/network/devices/', { as: w.owner, body: { label: 'Pushed', ip: '127.0.0.1' } })).body;
    const [added] = await nextEvent(viewer, 'network_update', ([e]) => e.type === 'new_device');
    expectShape(added, { type: oneOf('new_device'), payload: Device });
    expect(added.payload.id).toBe(device.id);
    const other = (await w.raw('POST', '/api/network/devices/', { as: w.owner, body: { label: 'Other' } })).body;
    await w.raw('POST', '/api/network/connections/', { as: w.owner, body: { source: device.id, target: other.id } });
    const [linked] = await nextEvent(viewer, 'network_update', ([e]) => e.type === 'new_connection');
    expectShape(linked, { type: oneOf('new_connection'), payload: Connection });
    await w.raw('POST', `/api/network/devices/${device.id}/set_status/`, { as: w.owner, body: { status: 'warning' } });
    const [changed] = await nextEvent(viewer, 'network_update', ([e]) => e.type === 'device_status_change' && e.payload.status === 'warning');
    expectShape(changed, { type: oneOf('device_status_change'), payload: Device });
  });

  contractEvent('device_updated', async () => {
    await w.raw('PATCH', `/api/network/devices/${device.id}/`, { as: w.owner, body: { label: 'Renamed' } });
    const [updated] = await nextEvent(viewer, 'device_updated', ([d]) => d.label === 'Renamed');
    expectShape(updated, Device);
  });

  contractEvent('network_topology_update', async () => {
    const doomed = (await w.raw('POST', '/api/network/devices/', { as: w.owner, body: { label: 'Doomed' } })).body;
    const from = viewer.received.length;
    expectStatus(await w.raw('DELETE', `/api/network/devices/${doomed.id}/`, { as: w.owner }), 204);
    const [topology] = await nextEvent(viewer, 'network_topology_update', () => true, 5000, from);
    expectShape(topology, Topology);
    expect(topology.devices.map((d: Json) => d.id)).not.toContain(doomed.id);
  });

  contractEvent('scan_progress', async () => {
    const from = viewer.received.length;
    const started = await ack(owner, 'start_network_scan', { ip_range: '127.0.0.1', include_ports: false, timeout: 60 });
    expect(started.status, JSON.stringify(started)).toBe('success');
    const [last] = await nextEvent(viewer, 'scan_progress', ([p]) => p.scan_id === started.scan_id && p.is_complete, 60_000, from);
    expectShape(last, ScanProgress, 'final scan_progress');
    expect(last).toMatchObject({ status: 'COMPLETED', progress: 100, message: 'Scan completed' });
    const all = viewer.received.slice(from).filter((e) => e.event === 'scan_progress').map((e) => e.args[0]);
    for (const p of all.slice(0, -1)) expectShape(p, ScanProgress, 'scan_progress');
    const progress = all.map((p) => p.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Saved results come first: network_map_updated, then network_topology_update, then the final scan_progress.
    const order = viewer.received.slice(from).map((e) => e.event).filter((e) => ['network_map_updated', 'network_topology_update', 'scan_progress'].includes(e));
    expect(order.slice(-3)).toEqual(['network_map_updated', 'network_topology_update', 'scan_progress']);
  }, 70_000);

  contractEvent('network_map_updated', async () => {
    const args = await nextEvent(viewer, 'network_map_updated');
    expect(args).toEqual([]);
  });

  contractEvent('session_revoked', async () => {
    const session = await login(w.t.app, 'viewer1', USER_PASSWORD);
    const client = await connect(port, session.access);
    const disconnected = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
    expectStatus(await w.raw('POST', '/api/auth/logout/', { as: session }), 200);
    const [revoked] = await nextEvent(client, 'session_revoked');
    expectShape(revoked, { detail: oneOf('Session revoked'), reason: oneOf('logout') });
    expect(await disconnected).toBe('io server disconnect');
    expect(viewer.socket.connected).toBe(true);
    client.close();
  });
});
