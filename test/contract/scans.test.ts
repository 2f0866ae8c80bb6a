import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contract, createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import { insertScan, recordObserved } from './scan-fixtures.js';
import { arrayOf, Device, expectAliases, expectError, expectInvalid, expectShape, oneOf, Page, Scan, SCAN_ALIASES } from './shapes.js';

/** Only 127.0.0.1 may ever be a target, and a fake running scan holds the only slot: started scans stay queued. */
const SCAN_ENV = { SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false', SCAN_MAX_CONCURRENT: '1' };
const StartAnswer = (message: string) => ({ status: oneOf('success'), message: oneOf(message), scan_id: 'uuid', job_id: 'string', scan: Scan });

describe.each(await databaseKinds())('scans (rest.md §8.5, scanner.md §2) on %s', (kind) => {
  let w: World;
  let completed: Json;
  let device: Json;
  let queued: Json;
  beforeAll(async () => {
    w = await createWorld(kind, SCAN_ENV, ['manager', 'viewer']);
    await insertScan(w.t.app, { targets: ['127.0.0.9/32'] });
    device = (await w.raw('POST', '/api/network/devices/', { as: w.owner, body: { label: 'Loopback', ip: '127.0.0.1' } })).body;
    const older = new Date(Date.now() - 60_000).toISOString();
    completed = await insertScan(w.t.app, { targets: ['127.0.0.8/32'], status: 'completed', timestamp: older, createdAt: older, updatedAt: older });
    await recordObserved(w.t.app, completed.id, device.id, '127.0.0.1', true);
  });
  afterAll(() => w?.close());

  contract('GET network/scans/latest/', async () => {
    const res = await w.call('GET network/scans/latest/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Scan);
    expectAliases(res.body, SCAN_ALIASES);
    expect(res.body).toMatchObject({ id: completed.id, status: 'completed', isStale: false, duration: 12.5, scanMethod: 'nmap' });
  });

  contract('POST network/scans/start_scan/', async () => {
    const res = await w.call('POST network/scans/start_scan/', { as: w.users.manager, body: { ip_range: '127.0.0.1', scan_type: 'BASIC', include_ports: false } });
    expectStatus(res, 200);
    expectShape(res.body, StartAnswer('Network scan queued'));
    expect(res.body.scan).toMatchObject({ id: res.body.scan_id, jobId: res.body.job_id, status: 'queued', phase: 'queued', progress: 0, targets: ['127.0.0.1/32'], startedBy: w.users.manager.id });
    queued = res.body.scan;
    const again = await w.call('POST network/scans/start_scan/', { as: w.owner, body: { ip_range: '127.0.0.1/32' } });
    expectStatus(again, 409);
    expectShape(again.body, { active_scan: Scan, detail: oneOf('A scan is already in progress'), code: oneOf('conflict') });
    const outside = await w.call('POST network/scans/start_scan/', { as: w.owner, body: { ip_range: '10.213.0.1' } });
    expectStatus(outside, 400);
    expectError(outside.body, 'invalid', 'ip_range: 10.213.0.1 is outside the allowed networks.', ['ip_range']);
    const badType = await w.call('POST network/scans/start_scan/', { as: w.owner, body: { scan_type: 'quick' } });
    expectInvalid(badType.body, 'scan_type');
    expect(badType.body.scan_type).toEqual(['"quick" is not a valid choice.']);
    expectStatus(await w.call('POST network/scans/start_scan/', { as: w.users.viewer, body: {} }), 403);
  });

  contract('POST network/devices/{id}/rescan/', async () => {
    const cancelFirst = await w.raw('POST', `/api/network/scans/${queued.id}/cancel/`, { as: w.owner });
    expectStatus(cancelFirst, 200);
    const res = await w.call('POST network/devices/{id}/rescan/', { params: { id: device.id }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, StartAnswer('Network scan queued'));
    expect(res.body.scan).toMatchObject({ targetDeviceId: device.id, targets: ['127.0.0.1/32'] });
    queued = res.body.scan;
  });

  contract('POST network/scans/{id}/cancel/', async () => {
    const res = await w.call('POST network/scans/{id}/cancel/', { params: { id: queued.id }, as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, Scan);
    expect(res.body).toMatchObject({ id: queued.id, status: 'cancelled', errorMessage: 'Scan was cancelled by user' });
    const again = await w.call('POST network/scans/{id}/cancel/', { params: { id: queued.id }, as: w.users.manager });
    expectStatus(again, 409);
    expectError(again.body, 'conflict', 'Scan is not running');
  });

  contract('GET network/scans/', async () => {
    const res = await w.call('GET network/scans/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Page(Scan));
    const stamps = res.body.results.map((s: Json) => s.timestamp);
    expect(stamps).toEqual([...stamps].sort().reverse());
    const cancelled = await w.call('GET network/scans/', { as: w.users.viewer, query: { status: 'cancelled' } });
    expect(cancelled.body.count).toBe(2);
    await expectPagination(w, 'GET network/scans/', { as: w.users.viewer, query: { scan_type: 'basic' } });
  });

  contract('GET network/scans/{id}/', async () => {
    const res = await w.call('GET network/scans/{id}/', { params: { id: completed.id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Scan);
    expectStatus(await w.call('GET network/scans/{id}/', { params: { id: '1' }, as: w.owner }), 404);
  });

  contract('GET network/scans/{id}/results/', async () => {
    const res = await w.call('GET network/scans/{id}/results/', { params: { id: completed.id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, { scan: Scan, devices: arrayOf(Device), new_device_ids: 'string[]', offline_device_ids: 'string[]' });
    expect(res.body.devices.map((d: Json) => d.id)).toEqual([device.id]);
    expect(res.body.new_device_ids).toEqual([device.id]);
  });

  contract('POST network/scans/clean_stale_scans/', async () => {
    const stale = new Date(Date.now() - 120_000).toISOString();
    await insertScan(w.t.app, { targets: ['127.0.0.7/32'], updatedAt: stale, startedAt: stale });
    const res = await w.call('POST network/scans/clean_stale_scans/', { as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, { status: oneOf('success'), message: oneOf('Cleaned 1 stale scans. 1 active scans remain.'), cleaned_count: oneOf(1), active_count: oneOf(1) });
  });

  contract('DELETE network/scans/{id}/', async () => {
    const running = (await w.raw('GET', '/api/network/scans/', { as: w.owner })).body.results.find((s: Json) => s.status === 'in-progress');
    const busy = await w.call('DELETE network/scans/{id}/', { params: { id: running.id }, as: w.owner });
    expectStatus(busy, 409);
    expectError(busy.body, 'conflict', 'Scan is still running');
    const res = await w.call('DELETE network/scans/{id}/', { params: { id: queued.id }, as: w.users.manager });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectStatus(await w.call('DELETE network/scans/{id}/', { params: { id: queued.id }, as: w.owner }), 404);
  });

  contract('POST network/scans/', async () => {
    const res = await w.call('POST network/scans/', { as: w.owner, body: {} });
    expectStatus(res, 405);
    expectError(res.body, 'method_not_allowed', 'Method "POST" not allowed.');
    expect(res.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  contract('PUT network/scans/{id}/', async () => {
    const res = await w.call('PUT network/scans/{id}/', { params: { id: completed.id }, as: w.owner, body: {} });
    expectStatus(res, 405);
    expectError(res.body, 'method_not_allowed', 'Method "PUT" not allowed.');
    expect(res.headers.allow).toBe('GET, HEAD, DELETE, OPTIONS');
  });

  contract('PATCH network/scans/{id}/', async () => {
    const res = await w.call('PATCH network/scans/{id}/', { params: { id: completed.id }, as: w.owner, body: {} });
    expectStatus(res, 405);
    expectError(res.body, 'method_not_allowed', 'Method "PATCH" not allowed.');
  });
});

describe.each(await databaseKinds())('no completed scan (rest.md §8.5) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, SCAN_ENV);
  });
  afterAll(() => w?.close());

  contract('GET network/scans/latest/', async () => {
    const res = await w.call('GET network/scans/latest/', { as: w.owner });
    expectStatus(res, 404);
    expect(res.body).toEqual({ detail: 'No completed scans found', code: 'not_found', status: 'error', message: 'No completed scans found' });
  });
});
