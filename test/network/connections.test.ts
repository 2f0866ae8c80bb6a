import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, sleep, waitFor, type TestSocket } from './helpers.js';

const kinds = await databaseKinds();
const CONNECTION_KEYS = [
  'id', 'source', 'target', 'label', 'type', 'status', 'bandwidth', 'latency', 'packetLoss', 'traffic', 'metadata', 'inferred',
  'evidence', 'confidence', 'createdAt', 'updatedAt', 'packet_loss', 'created_at', 'updated_at',
];

describe.each(kinds)('network connections over REST (%s)', (kind) => {
  let t: TestApp;
  let owner: Session, viewer: Session;
  let socket: TestSocket;
  let a: string, b: string, c: string;
  const url = '/api/network/connections/';

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    const port = await t.app.listen();
    owner = await registerOwner(t.app);
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    socket = await connectSocket(port, viewer.access);
    const device = async (label: string) => (await api(t.app, 'POST', '/api/network/devices/', owner, { label })).body.id as string;
    [a, b, c] = [await device('A'), await device('B'), await device('C')];
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('creates a manual connection with defaults and emits new_connection', async () => {
    await sleep(100);
    socket.events.splice(0);
    const res = await api(t.app, 'POST', url, owner, { source: a, target: b, packetLoss: 0.5, latency: 1.25, label: ' uplink ' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(CONNECTION_KEYS);
    expect(res.body).toMatchObject({
      source: a, target: b, label: 'uplink', type: 'wired', status: 'inactive', bandwidth: null, latency: 1.25, packetLoss: 0.5,
      packet_loss: 0.5, traffic: null, metadata: {}, inferred: false, evidence: ['manual'], confidence: 1,
    });
    await waitFor(() => socket.of('network_update').length === 1, 3000, 'new_connection');
    expect(socket.of('network_update')[0].payload).toEqual({ type: 'new_connection', payload: res.body });
  });

  it.each([
    [{ target: 'B' }, 'source', 'This field is required.'],
    [{ source: 'A', target: '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10' }, 'target', 'Invalid pk "6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10" - object does not exist.'],
    [{ source: 'A', target: 'C', type: 'fibre' }, 'type', '"fibre" is not a valid choice.'],
    [{ source: 'A', target: 'C', status: 'up' }, 'status', '"up" is not a valid choice.'],
    [{ source: 'A', target: 'C', bandwidth: -1 }, 'bandwidth', 'Ensure this value is greater than or equal to 0.'],
    [{ source: 'A', target: 'C', latency: '3' }, 'latency', 'A valid number is required.'],
    [{ source: 'A', target: 'C', label: 'x'.repeat(101) }, 'label', 'Ensure this field has no more than 100 characters.'],
    [{ source: 'A', target: 'A' }, 'non_field_errors', 'Source and target must be different devices.'],
    [{ source: 'B', target: 'A' }, 'non_field_errors', 'The fields source, target must make a unique set.'],
  ])('refuses %j', async (body, field, message) => {
    const ids: Record<string, string> = { A: a, B: b, C: c };
    const resolved = Object.fromEntries(Object.entries(body).map(([k, v]) => [k, typeof v === 'string' && ids[v] ? ids[v] : v]));
    const res = await api(t.app, 'POST', url, owner, resolved);
    expect(res.status).toBe(400);
    expect(res.body[field]).toEqual([message]);
  });

  it('edits: an inferred connection becomes manual; the pair may move; topology update is emitted', async () => {
    const created = (await api(t.app, 'POST', url, owner, { source: b, target: c, status: 'active' })).body;
    await sleep(100);
    socket.events.splice(0);
    const patched = await api(t.app, 'PATCH', `${url}${created.id}/`, owner, { type: 'wireless', target: a });
    expect(patched.body.non_field_errors).toEqual(['The fields source, target must make a unique set.']);
    const moved = await api(t.app, 'PATCH', `${url}${created.id}/`, owner, { type: 'wireless', metadata: { ssid: 'home' } });
    expect(moved.body).toMatchObject({ source: b, target: c, type: 'wireless', status: 'active', metadata: { ssid: 'home' }, inferred: false });
    await waitFor(() => socket.of('network_topology_update').length === 1, 3000, 'topology update');
    const put = await api(t.app, 'PUT', `${url}${created.id}/`, owner, { type: 'vpn' });
    expect(put.body.source).toEqual(['This field is required.']);
  });

  it('lists by updatedAt with the device filter; roles and ids are enforced', async () => {
    const list = (await api(t.app, 'GET', `${url}?device=${a}`, viewer)).body;
    expect(list.count).toBe(1);
    expect(list.results[0]).toMatchObject({ source: a, target: b });
    const all = (await api(t.app, 'GET', url, viewer)).body.results.map((x: { updatedAt: string }) => x.updatedAt);
    expect(all).toEqual([...all].sort().reverse());
    expect((await api(t.app, 'POST', url, viewer, { source: a, target: c })).status).toBe(403);
    expect((await api(t.app, 'GET', `${url}123/`, viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', `${url}?device=nonsense`, viewer)).body.count).toBe(0);
  });

  it('DELETE removes the connection and remembers the pair for the scanner', async () => {
    const id = (await api(t.app, 'GET', `${url}?device=${a}`, viewer)).body.results[0].id;
    expect((await api(t.app, 'DELETE', `${url}${id}/`, owner)).status).toBe(204);
    expect((await api(t.app, 'GET', `${url}${id}/`, viewer)).status).toBe(404);
    const rows = await t.app.ctx.db.selectFrom('connection_suppressions').selectAll().execute();
    const [first, second] = [a, b].sort();
    expect(rows.map((r) => [r.device_a_id, r.device_b_id, Number(r.created_by)])).toEqual([[first, second, owner.id]]);
  });
});
