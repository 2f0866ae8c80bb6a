import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket, waitFor, type TestSocket } from '../metrics/helpers.js';

const ALERT_KEYS = [
  'id', 'created_at', 'updated_at', 'timestamp', 'title', 'message', 'severity', 'status', 'source', 'rule', 'metric', 'target', 'host',
  'value', 'threshold', 'peak_value', 'acknowledged_by', 'acknowledged_at', 'resolved_at',
];

describe.each(await databaseKinds())('alerts REST (%s)', (kind) => {
  let t: TestApp;
  let owner: Session;
  let manager: Session;
  let viewer: Session;
  let socket: TestSocket;
  const notifications = (title: string) =>
    t.app.ctx.db.selectFrom('notifications').selectAll().where('title', '=', title).execute();
  const create = (body: Record<string, unknown>, who = owner) => api(t.app, 'POST', '/api/alerts/', who, body);

  beforeAll(async () => {
    t = await createTestApp(kind, { API_PORT: '0', API_HOST: '127.0.0.1' });
    const port = await t.app.listen();
    owner = await registerOwner(t.app);
    manager = await createUser(t.app, owner, 'mona', 'manager');
    viewer = await createUser(t.app, owner, 'vera', 'viewer');
    socket = await connectSocket(port, viewer.access);
  });
  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('POST creates a manual alert (201), a system notification by severity, and the socket event `alert` opened', async () => {
    expect((await create({ title: 'x', message: 'y', source: 'z' }, viewer)).status).toBe(403);
    const res = await create({ title: 'UPS on battery', message: 'Mains power lost', source: 'ups', severity: 'high' }, manager);
    expect(res.status).toBe(201);
    expect(Object.keys(res.body)).toEqual(ALERT_KEYS);
    expect(res.body).toMatchObject({
      title: 'UPS on battery', message: 'Mains power lost', severity: 'high', status: 'new', source: 'ups', rule: null, metric: null,
      target: null, host: null, value: null, threshold: null, peak_value: null, acknowledged_by: null, acknowledged_at: null, resolved_at: null,
    });
    expect(res.body.timestamp).toMatch(/\+00:00$/);
    const stored = await notifications('UPS on battery');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ message: 'Mains power lost', type: 'warning', source: 'ups' });
    await waitFor(() => socket.of('alert').some((e) => e.payload.alert.id === res.body.id), 3000, 'alert event');
    expect(socket.of('alert').find((e) => e.payload.alert.id === res.body.id)!.payload).toEqual({ event: 'opened', alert: res.body });
    await waitFor(() => socket.of('notification').some((e) => e.payload.title === 'UPS on battery'), 3000, 'notification push');

    const medium = await create({ title: 'Low ink', message: 'Printer', source: 'printer' });
    expect(medium.body).toMatchObject({ severity: 'medium', status: 'new' });
    expect((await notifications('Low ink'))[0].type).toBe('info');
    await create({ title: 'RAID degraded', message: 'Disk 2', source: 'raid', severity: 'critical' });
    expect((await notifications('RAID degraded'))[0].type).toBe('error');
  });

  it.each([
    [{ message: 'm', source: 's' }, 'title', 'This field is required.'],
    [{ title: 'x'.repeat(201), message: 'm', source: 's' }, 'title', 'Ensure this field has no more than 200 characters.'],
    [{ title: 't', source: 's' }, 'message', 'This field is required.'],
    [{ title: 't', message: 'm' }, 'source', 'This field is required.'],
    [{ title: 't', message: 'm', source: 's'.repeat(101) }, 'source', 'Ensure this field has no more than 100 characters.'],
    [{ title: 't', message: 'm', source: 's', severity: 'urgent' }, 'severity', '"urgent" is not a valid choice.'],
    [{ title: 't', message: 'm', source: 's', status: 'open' }, 'status', '"open" is not a valid choice.'],
  ])('POST %j → 400 on %s', async (body, field, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body[field]).toEqual([message]);
  });

  it('acknowledge, then resolve; both 409 once resolved', async () => {
    const alert = (await create({ title: 'Door open', message: 'Server room', source: 'sensor' })).body;
    expect((await api(t.app, 'POST', `/api/alerts/${alert.id}/acknowledge/`, viewer)).status).toBe(403);
    const ack = await api(t.app, 'POST', `/api/alerts/${alert.id}/acknowledge/`, manager);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledged_by: manager.id });
    expect(ack.body.acknowledged_at).toMatch(/\+00:00$/);
    await waitFor(() => socket.of('alert').some((e) => e.payload.event === 'acknowledged' && e.payload.alert.id === alert.id), 3000, 'ack event');
    const resolved = await api(t.app, 'POST', `/api/alerts/${alert.id}/resolve/`, owner);
    expect(resolved.body).toMatchObject({ status: 'resolved', acknowledged_by: manager.id });
    expect(resolved.body.resolved_at).toMatch(/\+00:00$/);
    await waitFor(() => socket.of('alert').some((e) => e.payload.event === 'resolved' && e.payload.alert.id === alert.id), 3000, 'resolve event');
    expect(await api(t.app, 'POST', `/api/alerts/${alert.id}/resolve/`, owner)).toMatchObject({ status: 409, body: { detail: 'Alert is already resolved', code: 'conflict' } });
    expect(await api(t.app, 'POST', `/api/alerts/${alert.id}/acknowledge/`, owner)).toMatchObject({ status: 409, body: { detail: 'Alert is already resolved' } });
  });

  it('PUT/PATCH edit the writable fields; status only moves forward, with the workflow effects', async () => {
    const alert = (await create({ title: 'Temp', message: 'Warm', source: 'hvac' })).body;
    const patched = await api(t.app, 'PATCH', `/api/alerts/${alert.id}/`, owner, { title: 'Temp high', severity: 'low', host: 'ignored' });
    expect(patched.body).toMatchObject({ title: 'Temp high', severity: 'low', message: 'Warm', status: 'new', host: null });
    expect((await api(t.app, 'PUT', `/api/alerts/${alert.id}/`, owner, { title: 'Only title' })).body).toMatchObject({
      message: ['This field is required.'], source: ['This field is required.'],
    });
    const ack = await api(t.app, 'PATCH', `/api/alerts/${alert.id}/`, owner, { status: 'acknowledged' });
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledged_by: owner.id });
    expect(await api(t.app, 'PATCH', `/api/alerts/${alert.id}/`, owner, { status: 'new' })).toMatchObject({ status: 409, body: { detail: 'Invalid status change', code: 'conflict' } });
    const put = await api(t.app, 'PUT', `/api/alerts/${alert.id}/`, owner, { title: 'T', message: 'M', source: 'S', status: 'resolved' });
    expect(put.body).toMatchObject({ title: 'T', message: 'M', source: 'S', status: 'resolved' });
    expect(put.body.resolved_at).not.toBeNull();
    expect((await api(t.app, 'PATCH', `/api/alerts/${alert.id}/`, owner, { status: 'acknowledged' })).status).toBe(409);
    expect((await api(t.app, 'PATCH', `/api/alerts/${alert.id}/`, viewer, { title: 'no' })).status).toBe(403);
  });

  it('GET lists newest first with filters; GET one; DELETE → 204', async () => {
    const list = await api(t.app, 'GET', '/api/alerts/', viewer);
    expect(list.status).toBe(200);
    const stamps = list.body.results.map((a: { timestamp: string }) => a.timestamp);
    expect([...stamps].sort().reverse()).toEqual(stamps);
    const active = await api(t.app, 'GET', '/api/alerts/?active=true', viewer);
    expect(active.body.results.every((a: { status: string }) => a.status !== 'resolved')).toBe(true);
    const resolved = await api(t.app, 'GET', '/api/alerts/?active=false', viewer);
    expect(resolved.body.count + active.body.count).toBe(list.body.count);
    expect((await api(t.app, 'GET', '/api/alerts/?severity=critical', viewer)).body.results.map((a: { title: string }) => a.title)).toEqual(['RAID degraded']);
    expect((await api(t.app, 'GET', '/api/alerts/?source=ups&status=new', viewer)).body.count).toBe(1);
    expect((await api(t.app, 'GET', '/api/alerts/?status=open', viewer)).status).toBe(400);
    expect((await api(t.app, 'GET', '/api/alerts/?rule=abc', viewer)).status).toBe(400);
    expect((await api(t.app, 'GET', '/api/alerts/?active=maybe', viewer)).status).toBe(400);

    const id = list.body.results[0].id;
    expect((await api(t.app, 'GET', `/api/alerts/${id}/`, viewer)).body).toEqual(list.body.results[0]);
    expect((await api(t.app, 'DELETE', `/api/alerts/${id}/`, viewer)).status).toBe(403);
    expect((await api(t.app, 'DELETE', `/api/alerts/${id}/`, owner)).status).toBe(204);
    expect((await api(t.app, 'GET', `/api/alerts/${id}/`, viewer)).status).toBe(404);
    expect((await api(t.app, 'GET', '/api/alerts/12/', viewer)).status).toBe(404);
  });
});
