import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contractEvent, createWorld, type Json, type World } from './harness.js';
import { insertScan, recordObserved } from './scan-fixtures.js';
import { arrayOf, Connection, Device, expectErrorAck, expectShape, nullable, oneOf, PERMISSION_DENIED, Scan, Topology } from './shapes.js';
import { ack, connect, type Client } from './sockets.js';

/** A fake running scan holds the only slot, so scans started here stay queued: nothing is probed. */
const ENV = { API_PORT: '0', API_HOST: '127.0.0.1', SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false', SCAN_MAX_CONCURRENT: '1' };

describe.each(await databaseKinds())('client → server network events (realtime.md §4) on %s', (kind) => {
  let w: World;
  let owner: Client;
  let viewer: Client;
  let running: Json;
  let completed: Json;
  let queued: Json;
  const devices: Json[] = [];
  beforeAll(async () => {
    w = await createWorld(kind, ENV, ['viewer']);
    const port = await w.t.app.listen();
    running = await insertScan(w.t.app, { targets: ['127.0.0.9/32'] });
    for (const [label, ip] of [['Zeta', '127.0.0.1'], ['Alpha', null]]) {
      devices.push((await w.raw('POST', '/api/network/devices/', { as: w.owner, body: { label, ip } })).body);
    }
    await w.raw('POST', '/api/network/connections/', { as: w.owner, body: { source: devices[0].id, target: devices[1].id } });
    completed = await insertScan(w.t.app, { targets: ['127.0.0.8/32'], status: 'completed', warning: null });
    await recordObserved(w.t.app, completed.id, devices[0].id, '127.0.0.1', true);
    await recordObserved(w.t.app, completed.id, devices[1].id, '127.0.0.1', false);
    [owner, viewer] = await Promise.all([connect(port, w.owner.access), connect(port, w.users.viewer.access)]);
  });
  afterAll(async () => {
    owner?.close();
    viewer?.close();
    await w?.close();
  });

  contractEvent('get_network_topology', async () => {
    const topology = await ack(viewer, 'get_network_topology', {});
    expectShape(topology, Topology);
    expect(topology).toEqual((await w.raw('GET', '/api/network/topology/', { as: w.owner })).body);
    expect(topology.activeScanInProgress).toBe(true);
  });

  contractEvent('get_network_map', async () => {
    const res = await ack(viewer, 'get_network_map');
    expectShape(res, { status: oneOf('success'), devices: arrayOf(Device), connections: arrayOf(Connection) });
    expect(res.devices.map((d: Json) => d.label)).toEqual(['Alpha', 'Zeta']);
    expect(res.connections).toHaveLength(1);
  });

  contractEvent('start_network_scan', async () => {
    const res = await ack(owner, 'start_network_scan', { ip_range: '127.0.0.1', target_device_id: devices[0].id });
    expectShape(res, { status: oneOf('success'), message: oneOf('Network scan queued'), scan_id: 'uuid', job_id: 'string', scan: Scan });
    expect(res.scan).toMatchObject({ status: 'queued', targetDeviceId: devices[0].id });
    queued = res.scan;
    expectErrorAck(await ack(owner, 'start_network_scan', { ip_range: '127.0.0.1' }), 'conflict', 'A scan is already in progress', { active_scan: Scan });
    expectErrorAck(await ack(owner, 'start_network_scan', { ip_range: 'nope' }), 'invalid', 'ip_range: Enter a valid IP address, CIDR network or range.', { ip_range: 'string[]' });
    expectErrorAck(await ack(viewer, 'start_network_scan', { ip_range: null }), 'permission_denied', PERMISSION_DENIED);
  });

  contractEvent('get_network_scan_status', async () => {
    const res = await ack(viewer, 'get_network_scan_status');
    expectShape(res, { status: oneOf('success'), active_scan: nullable(Scan), latest_scan: nullable(Scan), is_scan_active: 'boolean', queued_scans: arrayOf(Scan) });
    expect(res).toMatchObject({ is_scan_active: true, active_scan: { id: running.id }, latest_scan: { id: completed.id } });
    expect(res.queued_scans.map((s: Json) => s.id)).toEqual([queued.id]);
  });

  contractEvent('get_network_scan_results', async () => {
    const res = await ack(viewer, 'get_network_scan_results', { scan_id: completed.id });
    expectShape(res, {
      status: oneOf('success'), scan_id: oneOf(completed.id), job_id: oneOf(completed.jobId), scan_time: 'number', device_count: oneOf(2),
      connection_count: oneOf(1), devices: arrayOf(Device), connections: arrayOf(Connection), warning: 'string?',
    });
    expectErrorAck(await ack(viewer, 'get_network_scan_results', {}), 'invalid', 'Either job_id or scan_id must be provided');
    const missing = '00000000-0000-4000-8000-000000000000';
    expectErrorAck(await ack(viewer, 'get_network_scan_results', { scan_id: missing }), 'not_found', `Scan with ID ${missing} not found`);
    expectErrorAck(await ack(viewer, 'get_network_scan_results', { job_id: queued.jobId }), 'conflict', 'Scan not completed. Current status: queued', {
      db_status: oneOf('queued'), progress: 'integer',
    });
  });

  contractEvent('cancel_network_scan', async () => {
    const res = await ack(owner, 'cancel_network_scan', { job_id: queued.jobId });
    expectShape(res, { status: oneOf('success'), message: oneOf('Scan cancelled successfully'), scan: Scan });
    expect(res.scan).toMatchObject({ id: queued.id, status: 'cancelled' });
    expectErrorAck(await ack(owner, 'cancel_network_scan', { scan_id: queued.id }), 'conflict', 'Could not cancel scan, it may have already completed or been cancelled');
    expectErrorAck(await ack(owner, 'cancel_network_scan', {}), 'invalid', 'Either job_id or scan_id must be provided');
    expectErrorAck(await ack(viewer, 'cancel_network_scan', { scan_id: queued.id }), 'permission_denied', PERMISSION_DENIED);
  });

  contractEvent('check_scan_status', async () => {
    const stale = new Date(Date.now() - 120_000).toISOString();
    await insertScan(w.t.app, { targets: ['127.0.0.7/32'], updatedAt: stale, startedAt: stale });
    const res = await ack(owner, 'check_scan_status', 'any payload');
    expectShape(res, { status: oneOf('success'), cleaned_scans: oneOf(1), active_scans: oneOf(1), active_jobs: 'integer', message: 'string' });
    expect(res.message).toMatch(/^Cleaned 1 stale database scans and \d+ stale service jobs, 1 active scans remain$/);
    expectErrorAck(await ack(viewer, 'check_scan_status'), 'permission_denied', PERMISSION_DENIED);
  });

  contractEvent('update_network_device', async () => {
    const res = await ack(owner, 'update_network_device', { id: devices[1].id, label: 'Alpha 2', tags: ['lab'], metadata: { rack: 3 } });
    expectShape(res, { status: oneOf('success'), device: Device, message: oneOf('Device updated successfully') });
    expect(res.device).toMatchObject({ label: 'Alpha 2', tags: ['lab'], metadata: { rack: 3 } });
    expect([...res.device.pinnedFields].sort()).toEqual(['label', 'tags']);
    expectErrorAck(await ack(owner, 'update_network_device', { label: 'x' }), 'invalid', 'Missing device ID');
    expectErrorAck(await ack(owner, 'update_network_device', { id: '00000000-0000-4000-8000-000000000000' }), 'not_found', 'Device not found');
    expectErrorAck(await ack(owner, 'update_network_device', { id: devices[1].id, type: 'toaster' }), 'invalid', undefined, { type: 'string[]' });
    expectErrorAck(await ack(viewer, 'update_network_device', { id: devices[1].id }), 'permission_denied', PERMISSION_DENIED);
  });
});
