import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, sleep, waitFor, type TestSocket } from './helpers.js';

const kinds = await databaseKinds();
const DEVICE_KEYS = [
  'id', 'label', 'type', 'ip', 'mac', 'hostname', 'status', 'lastSeen', 'tags', 'metadata', 'firstSeen', 'vendor', 'macRandomized',
  'hostnameSource', 'isIgnored', 'isManuallyAdded', 'pinnedFields', 'missedScans', 'createdAt', 'updatedAt',
  'last_seen', 'is_ignored', 'is_manually_added', 'created_at', 'updated_at', 'reviewed', 'groups', 'first_seen',
];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+00:00$/;

describe.each(kinds)('network devices over REST (%s)', (kind) => {
  let t: TestApp;
  let owner: Session, manager: Session, viewer: Session;
  let socket: TestSocket;
  let port: number;
  const url = '/api/network/devices/';
  const create = (body: Record<string, unknown>, who: Session = manager) => api(t.app, 'POST', url, who, body);

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    port = await t.app.listen();
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'manny', 'manager');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    socket = await connectSocket(port, viewer.access);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });
  beforeEach(() => {
    socket.events.splice(0);
  });
  /** Lets the events of the setup steps arrive, then forgets them. */
  const settle = async () => {
    await sleep(150);
    socket.events.splice(0);
  };

  it('creates a device from the web client body: server-set fields, pins for supplied fields, vendor from the MAC', async () => {
    const res = await create({ id: '', label: ' NAS ', type: 'server', status: 'offline', hostname: 'nas.lan', ip: '192.168.1.20', tags: ['storage'], last_seen: '2001-01-01', icon: 'x', mac: 'B8-27-EB-12-34-56' });
    expect(res.status).toBe(201);
    const d = res.body;
    expect(Object.keys(d)).toEqual(DEVICE_KEYS);
    expect(d).toMatchObject({
      label: 'NAS', type: 'server', ip: '192.168.1.20', mac: 'b8:27:eb:12:34:56', hostname: 'nas.lan', status: 'online', tags: ['storage'],
      metadata: {}, vendor: 'Raspberry Pi Foundation', macRandomized: false, hostnameSource: 'user', isIgnored: false, isManuallyAdded: true,
      pinnedFields: ['label', 'type', 'hostname', 'tags'], missedScans: 0,
    });
    expect(d.lastSeen).toMatch(ISO);
    expect(d.lastSeen).not.toContain('2001');
    expect([d.last_seen, d.is_ignored, d.is_manually_added, d.created_at, d.updated_at]).toEqual([d.lastSeen, d.isIgnored, d.isManuallyAdded, d.createdAt, d.updatedAt]);
    await waitFor(() => socket.of('network_update').length === 1, 3000, 'new_device');
    expect(socket.of('network_update')[0].payload).toEqual({ type: 'new_device', payload: d });
    expect((await api(t.app, 'GET', `${url}${d.id}/`, viewer)).body).toEqual(d);
  });

  it('defaults: type other, only the label pinned, ip and mac null; an ignored device emits nothing', async () => {
    const d = (await create({ label: 'Thing', ip: '', hostname: '' })).body;
    expect(d).toMatchObject({ type: 'other', ip: null, mac: null, hostname: null, hostnameSource: null, pinnedFields: ['label'], tags: [] });
    const hidden = await create({ label: 'Hidden', is_ignored: true, mac: 'aabb.ccdd.eeff' });
    expect(hidden.body).toMatchObject({ isIgnored: true, mac: 'aa:bb:cc:dd:ee:ff', macRandomized: true, vendor: null });
    await sleep(200);
    expect(socket.of('network_update').map((e) => e.payload.payload.label)).toEqual(['Thing']);
  });

  it.each([
    [{}, 'label', 'This field is required.'],
    [{ label: '' }, 'label', 'This field may not be blank.'],
    [{ label: 'x'.repeat(101) }, 'label', 'Ensure this field has no more than 100 characters.'],
    [{ label: 'a', type: 'toaster' }, 'type', '"toaster" is not a valid choice.'],
    [{ label: 'a', ip: '10.0.0.256' }, 'ip', 'Enter a valid IPv4 or IPv6 address.'],
    [{ label: 'a', ip: 12 }, 'ip', 'Not a valid string.'],
    [{ label: 'a', mac: 'aa:bb:cc:dd:ee' }, 'mac', 'Enter a valid MAC address.'],
    [{ label: 'a', hostname: 'bad host' }, 'hostname', 'Enter a valid hostname.'],
    [{ label: 'a', tags: 'web' }, 'tags', 'Expected a list of items but got type "str".'],
    [{ label: 'a', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }, 'tags', 'Ensure this field has no more than 50 elements.'],
    [{ label: 'a', tags: ['x'.repeat(51)] }, 'tags', 'Ensure this field has no more than 50 characters.'],
    [{ label: 'a', is_ignored: 'yes' }, 'is_ignored', 'Must be a valid boolean.'],
    [{ label: 'a', metadata: [1] }, 'metadata', 'Expected a dictionary of items but got type "list".'],
    [{ label: 'a', metadata: { blob: 'x'.repeat(17_000) } }, 'metadata', 'Ensure this field has no more than 16384 bytes.'],
  ])('refuses %j with the field message', async (body, field, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body[field]).toEqual([message]);
    expect(res.body).toMatchObject({ detail: `${field}: ${message}`, code: 'invalid' });
  });

  it('refuses a MAC another device uses, whatever its spelling, on create and on update', async () => {
    await create({ label: 'One', mac: '00:1b:21:00:00:01' });
    const dup = await create({ label: 'Two', mac: '001B.2100.0001' });
    expect(dup.status).toBe(400);
    expect(dup.body.mac).toEqual(['A device with this MAC address already exists.']);
    const other = (await create({ label: 'Three' })).body;
    const res = await api(t.app, 'PATCH', `${url}${other.id}/`, manager, { mac: '00-1B-21-00-00-01' });
    expect(res.body.mac).toEqual(['A device with this MAC address already exists.']);
  });

  it('PATCH with the whole device pins only what changed, merges metadata and follows the hostname', async () => {
    const d = (await create({ label: 'Printer', metadata: { floor: 2, room: 'b12' } })).body;
    // What the web client sends back: the device as it holds it, without the extension keys.
    const client = { id: d.id, label: d.label, type: d.type, ip: d.ip, mac: d.mac, hostname: d.hostname, status: d.status, lastSeen: d.lastSeen, tags: d.tags, metadata: d.metadata };
    await settle();
    const same = await api(t.app, 'PATCH', `${url}${d.id}/`, manager, client);
    expect(same.status).toBe(200);
    expect(same.body.pinnedFields).toEqual(['label']);

    const res = await api(t.app, 'PATCH', `${url}${d.id}/`, manager, {
      ...client, type: 'workstation', hostname: 'printer.lan', tags: ['office'], metadata: { floor: null, model: 'LJ' }, lastSeen: 'ignored', vendor: 'ignored',
    });
    expect(res.body).toMatchObject({
      type: 'workstation', hostname: 'printer.lan', hostnameSource: 'user', tags: ['office'], vendor: null,
      metadata: { room: 'b12', model: 'LJ' }, pinnedFields: ['label', 'type', 'hostname', 'tags'],
    });
    expect(res.body.lastSeen).toBe(d.lastSeen);
    await waitFor(() => socket.of('network_update').length === 2, 3000, 'two network_update');
    expect(socket.of('device_updated').map((e) => e.payload.type)).toEqual(['other', 'workstation']);
    expect(socket.of('network_update').map((e) => e.payload.type)).toEqual(['device_status_change', 'device_status_change']);

    const cleared = await api(t.app, 'PATCH', `${url}${d.id}/`, manager, { hostname: null, pinnedFields: [] });
    expect(cleared.body).toMatchObject({ hostname: null, hostnameSource: null, pinnedFields: [] });
    const badPins = await api(t.app, 'PATCH', `${url}${d.id}/`, manager, { pinnedFields: ['ip'] });
    expect(badPins.body.pinnedFields).toEqual(['"ip" is not a valid choice.']);
    const put = await api(t.app, 'PUT', `${url}${d.id}/`, manager, { type: 'server' });
    expect(put.body.label).toEqual(['This field is required.']);
  });

  it('set_status validates with the documented body and emits device_status_change', async () => {
    const d = (await create({ label: 'Switch' })).body;
    await settle();
    const bad = await api(t.app, 'POST', `${url}${d.id}/set_status/`, manager, { status: 'down' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      status: ['Valid status required (online, offline, warning, error)'],
      detail: 'status: Valid status required (online, offline, warning, error)', code: 'invalid',
    });
    expect((await api(t.app, 'POST', `${url}${d.id}/set-status/`, manager)).status).toBe(400);
    const ok = await api(t.app, 'POST', `${url}${d.id}/set_status/`, manager, { status: 'offline' });
    expect(ok.body).toMatchObject({ id: d.id, status: 'offline' });
    await waitFor(() => socket.of('network_update').length === 1, 3000, 'status change');
    expect(socket.of('network_update')[0].payload).toMatchObject({ type: 'device_status_change', payload: { id: d.id, status: 'offline' } });
  });

  it('ignore and unignore hide the device from the topology but not from the list', async () => {
    const d = (await create({ label: 'Camera', tags: ['cctv'] })).body;
    await settle();
    expect((await api(t.app, 'POST', `${url}${d.id}/ignore/`, manager)).body).toEqual({ status: 'device ignored' });
    await waitFor(() => socket.of('network_topology_update').length === 1, 3000, 'topology update');
    expect(socket.of('network_topology_update')[0].payload.devices.map((x: { id: string }) => x.id)).not.toContain(d.id);
    const topology = (await api(t.app, 'GET', '/api/network/topology/', viewer)).body;
    expect(topology.devices.some((x: { id: string }) => x.id === d.id)).toBe(false);
    const ignored = (await api(t.app, 'GET', `${url}?is_ignored=true&tag=cctv`, viewer)).body;
    expect(ignored.results.map((x: { id: string }) => x.id)).toEqual([d.id]);
    expect((await api(t.app, 'POST', `${url}${d.id}/unignore/`, manager)).body).toEqual({ status: 'device unignored' });
    expect((await api(t.app, 'GET', '/api/network/topology/', viewer)).body.devices.some((x: { id: string }) => x.id === d.id)).toBe(true);
  });

  it('lists newest first with filters and pagination; search covers label, ip, mac and vendor', async () => {
    const all = (await api(t.app, 'GET', `${url}?page_size=2`, viewer)).body;
    expect(all.count).toBeGreaterThan(4);
    expect(all.results).toHaveLength(2);
    expect(all.next).toContain('page=2');
    const lastSeen = (await api(t.app, 'GET', `${url}?page_size=500`, viewer)).body.results.map((d: { lastSeen: string }) => d.lastSeen);
    expect(lastSeen).toEqual([...lastSeen].sort().reverse());
    expect((await api(t.app, 'GET', `${url}?search=raspberry`, viewer)).body.results.map((d: { label: string }) => d.label)).toEqual(['NAS']);
    expect((await api(t.app, 'GET', `${url}?search=192.168.1.2`, viewer)).body.count).toBe(1);
    expect((await api(t.app, 'GET', `${url}?type=workstation`, viewer)).body.results.map((d: { label: string }) => d.label)).toEqual(['Printer']);
    expect((await api(t.app, 'GET', `${url}?status=offline`, viewer)).body.results.map((d: { label: string }) => d.label)).toEqual(['Switch']);
  });

  it('applies roles: viewers read, only can_manage_network writes; bad ids are 404', async () => {
    const d = (await create({ label: 'Router' })).body;
    expect((await api(t.app, 'GET', `${url}${d.id}/`, viewer)).status).toBe(200);
    expect((await create({ label: 'x' }, viewer)).status).toBe(403);
    for (const [method, path] of [['PATCH', ''], ['DELETE', ''], ['POST', 'ignore/'], ['POST', 'set_status/']] as const) {
      expect((await api(t.app, method, `${url}${d.id}/${path}`, viewer, { status: 'online' })).status).toBe(403);
    }
    expect((await api(t.app, 'GET', `${url}not-a-uuid/`, viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', `${url}6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10/`, viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', url)).status).toBe(401);
  });

  it('DELETE removes the device and its connections and emits network_topology_update', async () => {
    const a = (await create({ label: 'A' })).body;
    const b = (await create({ label: 'B' })).body;
    const c = (await api(t.app, 'POST', '/api/network/connections/', manager, { source: a.id, target: b.id })).body;
    await settle();
    expect((await api(t.app, 'DELETE', `${url}${a.id}/`, manager)).status).toBe(204);
    expect((await api(t.app, 'GET', `${url}${a.id}/`, viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', `/api/network/connections/${c.id}/`, viewer)).status).toBe(404);
    await waitFor(() => socket.of('network_topology_update').length === 1, 3000, 'topology update');
  });

  it('get_network_topology acks the REST topology; get_network_map orders by label', async () => {
    const topology = await socket.emit('get_network_topology');
    expect(topology).toEqual((await api(t.app, 'GET', '/api/network/topology/', viewer)).body);
    expect(Object.keys(topology)).toEqual(['devices', 'connections', 'lastScan', 'activeScanInProgress']);
    expect(topology.devices.some((d: { isIgnored: boolean }) => d.isIgnored)).toBe(false);
    const map = await socket.emit('get_network_map');
    expect(map.status).toBe('success');
    const labels = map.devices.map((d: { label: string }) => d.label);
    expect(labels).toEqual([...labels].sort());
    expect(new Set(labels)).toEqual(new Set(topology.devices.map((d: { label: string }) => d.label)));
  });

  it('update_network_device over the socket follows the PATCH rules', async () => {
    const d = (await create({ label: 'Old' })).body;
    const managerSocket = await connectSocket(port, manager.access);
    try {
      expect(await managerSocket.emit('update_network_device', { label: 'New' })).toMatchObject({ status: 'error', error: 'Missing device ID', code: 'invalid' });
      expect(await managerSocket.emit('update_network_device', { id: '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10' })).toMatchObject({ error: 'Device not found', code: 'not_found' });
      expect(await managerSocket.emit('update_network_device', { id: d.id, type: 'nope' })).toMatchObject({ error: 'type: "nope" is not a valid choice.', code: 'invalid' });
      const ack = await managerSocket.emit('update_network_device', { id: d.id, label: 'New', metadata: { rack: 4 } });
      expect(ack).toMatchObject({ status: 'success', message: 'Device updated successfully', device: { id: d.id, label: 'New', metadata: { rack: 4 } } });
      expect(await socket.emit('update_network_device', { id: d.id, label: 'Nope' })).toMatchObject({
        status: 'error', error: 'You do not have permission to perform this action.', code: 'permission_denied',
      });
    } finally {
      managerSocket.close();
    }
  });
});
