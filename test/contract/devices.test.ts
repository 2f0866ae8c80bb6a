import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contract, createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import { Device, DEVICE_ALIASES, expectAliases, expectError, expectInvalid, expectShape, oneOf, Page, PERMISSION_DENIED } from './shapes.js';

const SCAN_ENV = { SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false' };

describe.each(await databaseKinds())('network devices (rest.md §8.1–§8.3) on %s', (kind) => {
  let w: World;
  let device: Json;
  const newDevice = async (body: Json) => {
    const res = await w.raw('POST', '/api/network/devices/', { as: w.owner, body });
    expectStatus(res, 201);
    return res.body;
  };
  beforeAll(async () => {
    w = await createWorld(kind, SCAN_ENV, ['manager', 'viewer']);
  });
  afterAll(() => w?.close());

  contract('POST network/devices/', async () => {
    // What the web client sends when the socket is down.
    const res = await w.call('POST network/devices/', {
      as: w.users.manager,
      body: { id: '', label: 'NAS', type: 'server', status: 'offline', hostname: 'nas.lan', ip: '127.0.0.1', mac: 'AA-BB-CC-00-11-22', tags: ['storage'], last_seen: '2020-01-01T00:00:00Z', icon: 'x' },
    });
    expectStatus(res, 201);
    expectShape(res.body, Device);
    expectAliases(res.body, DEVICE_ALIASES);
    expect(res.body).toMatchObject({ label: 'NAS', status: 'online', mac: 'aa:bb:cc:00:11:22', isManuallyAdded: true, isIgnored: false, hostnameSource: 'user', missedScans: 0, metadata: {} });
    expect([...res.body.pinnedFields].sort()).toEqual(['hostname', 'label', 'tags', 'type']);
    expect(res.body.firstSeen).toBe(res.body.lastSeen);
    device = res.body;
    const bad = await w.call('POST network/devices/', { as: w.owner, body: { label: 'x', ip: '999.1.1.1' } });
    expectStatus(bad, 400);
    expectInvalid(bad.body, 'ip');
    expect(bad.body.ip).toEqual(['Enter a valid IPv4 or IPv6 address.']);
    const dup = await w.call('POST network/devices/', { as: w.owner, body: { label: 'x', mac: 'aabb.cc00.1122' } });
    expectStatus(dup, 400);
    expectError(dup.body, 'invalid', 'mac: A device with this MAC address already exists.', ['mac']);
    const denied = await w.call('POST network/devices/', { as: w.users.viewer, body: { label: 'x' } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET network/devices/', async () => {
    await newDevice({ label: 'Printer', type: 'other', tags: ['office'] });
    const res = await w.call('GET network/devices/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Page(Device));
    expect(res.body.results.map((d: Json) => d.label)).toEqual(['Printer', 'NAS']);
    const tagged = await w.call('GET network/devices/', { as: w.users.viewer, query: { tag: 'storage' } });
    expect(tagged.body.results.map((d: Json) => d.label)).toEqual(['NAS']);
    await expectPagination(w, 'GET network/devices/', { as: w.users.viewer });
  });

  contract('GET network/devices/{id}/', async () => {
    const res = await w.call('GET network/devices/{id}/', { params: { id: device.id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Device);
    expectError((await w.call('GET network/devices/{id}/', { params: { id: '12' }, as: w.owner })).body, 'not_found');
    expectStatus(await w.call('GET network/devices/{id}/', { params: { id: '00000000-0000-4000-8000-000000000000' }, as: w.owner }), 404);
  });

  contract('PATCH network/devices/{id}/', async () => {
    const unpinned = await newDevice({ label: 'Laptop' });
    expect(unpinned.pinnedFields).toEqual(['label']);
    // The web client sends the whole device back; only changed fields are pinned, metadata merges.
    const { id, label, ip, mac, hostname, status, lastSeen, tags } = unpinned;
    const sent = { id, label, type: 'workstation', ip, mac, hostname, status, lastSeen, tags, metadata: { owner: 'ann' }, vendor: 'ignored' };
    const res = await w.call('PATCH network/devices/{id}/', { params: { id: unpinned.id }, as: w.users.manager, body: sent });
    expectStatus(res, 200);
    expectShape(res.body, Device);
    expectAliases(res.body, DEVICE_ALIASES);
    expect(res.body).toMatchObject({ type: 'workstation', metadata: { owner: 'ann' }, vendor: null });
    expect([...res.body.pinnedFields].sort()).toEqual(['label', 'type']);
    const cleared = await w.call('PATCH network/devices/{id}/', { params: { id: unpinned.id }, as: w.owner, body: { pinnedFields: [], metadata: { owner: null } } });
    expect(cleared.body).toMatchObject({ pinnedFields: [], metadata: {} });
  });

  contract('PUT network/devices/{id}/', async () => {
    const missing = await w.call('PUT network/devices/{id}/', { params: { id: device.id }, as: w.owner, body: { type: 'router' } });
    expectStatus(missing, 400);
    expectInvalid(missing.body, 'label');
    const res = await w.call('PUT network/devices/{id}/', { params: { id: device.id }, as: w.owner, body: { label: 'NAS 2', type: 'server' } });
    expectStatus(res, 200);
    expectShape(res.body, Device);
    expect(res.body.label).toBe('NAS 2');
    device = res.body;
  });

  contract('POST network/devices/{id}/set_status/', async () => {
    const res = await w.call('POST network/devices/{id}/set_status/', { params: { id: device.id }, as: w.owner, body: { status: 'offline' } });
    expectStatus(res, 200);
    expectShape(res.body, Device);
    expect(res.body.status).toBe('offline');
    const bad = await w.call('POST network/devices/{id}/set_status/', { params: { id: device.id }, as: w.owner, body: { status: 'gone' } });
    expectStatus(bad, 400);
    expect(bad.body).toEqual({
      status: ['Valid status required (online, offline, warning, error)'], detail: 'status: Valid status required (online, offline, warning, error)', code: 'invalid',
    });
    expect(Object.keys(bad.body)).toEqual(['status', 'detail', 'code']);
  });

  contract('POST network/devices/{id}/ignore/', async () => {
    const res = await w.call('POST network/devices/{id}/ignore/', { params: { id: device.id }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, { status: oneOf('device ignored') });
    expect((await w.raw('GET', `/api/network/devices/${device.id}/`, { as: w.owner })).body.isIgnored).toBe(true);
  });

  contract('POST network/devices/{id}/unignore/', async () => {
    const res = await w.call('POST network/devices/{id}/unignore/', { params: { id: device.id }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, { status: oneOf('device unignored') });
    expect((await w.raw('GET', `/api/network/devices/${device.id}/`, { as: w.owner })).body.is_ignored).toBe(false);
  });

  contract('POST network/devices/{id}/rescan/', async () => {
    const noIp = await newDevice({ label: 'No address' });
    const res = await w.call('POST network/devices/{id}/rescan/', { params: { id: noIp.id }, as: w.owner });
    expectStatus(res, 400);
    expectError(res.body, 'invalid', 'Cannot rescan device without IP address');
    expectStatus(await w.call('POST network/devices/{id}/rescan/', { params: { id: noIp.id }, as: w.users.viewer }), 403);
    // A rescan that starts (and its answer) is checked in scans.test.ts.
  });

  contract('DELETE network/devices/{id}/', async () => {
    const doomed = await newDevice({ label: 'Doomed' });
    const res = await w.call('DELETE network/devices/{id}/', { params: { id: doomed.id }, as: w.users.manager });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectStatus(await w.call('DELETE network/devices/{id}/', { params: { id: doomed.id }, as: w.users.manager }), 404);
  });
});
