import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { OutboundPolicy } from '../../src/modules/notifications/channels/outbound-policy.js';
import { postWebhook, WebhookError } from '../../src/modules/notifications/channels/webhook.js';
import { VERSION } from '../../src/version.js';
import { api, signatureValid, startReceiver, waitFor } from './helpers.js';

const kinds = await databaseKinds();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe.each(kinds)('webhooks (%s)', (kind) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: Session, alice: Session;
  const call = (method: Parameters<typeof api>[1], url: string, who?: Session, payload?: unknown) => api(t.app, method, url, who, payload);

  beforeAll(async () => {
    receiver = await startReceiver([200]);
    t = await createTestApp(kind);
    owner = await registerOwner(t.app);
    alice = await createUser(t.app, owner, 'alice', 'user');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('validates, creates with a secret shown once, and seals the secret at rest', async () => {
    const bad = await call('POST', '/api/integrations/webhooks/', owner, { url: 'ftp://x', secret: 'short', min_type: 'loud', sources: 'scanner' });
    expect(bad.body).toMatchObject({
      name: ['This field is required.'], url: ['Enter a valid URL.'], secret: ['Ensure this field has at least 16 characters.'],
      min_type: ['"loud" is not a valid choice.'], sources: ['Expected a list of items but got type "str".'],
    });
    const created = await call('POST', '/api/integrations/webhooks/', owner, { name: 'Chat', url: receiver.url });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id', 'name', 'url', 'enabled', 'min_type', 'sources', 'secret_set', 'created_at', 'updated_at', 'last_delivery_at', 'last_status', 'secret']);
    expect(created.body).toMatchObject({ name: 'Chat', url: receiver.url, enabled: true, min_type: 'info', sources: null, secret_set: true, last_status: null });
    expect(created.body.secret.length).toBeGreaterThanOrEqual(16);
    const row = await t.app.ctx.db.selectFrom('webhooks').select('secret_encrypted').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.secret_encrypted).toMatch(/^v1:/);
    expect(row.secret_encrypted).not.toContain(created.body.secret);
    const fetched = await call('GET', `/api/integrations/webhooks/${created.body.id}/`, owner);
    expect(fetched.body).not.toHaveProperty('secret');
    expect(JSON.stringify((await call('GET', '/api/integrations/webhooks/', owner)).body)).not.toContain(created.body.secret);
  });

  it('updates with PATCH and PUT, and deletes', async () => {
    const hook = (await call('POST', '/api/integrations/webhooks/', owner, { name: 'Temp', url: receiver.url, secret: 'x'.repeat(20), min_type: 'error' })).body;
    expect(hook.secret).toBe('x'.repeat(20));
    const patched = await call('PATCH', `/api/integrations/webhooks/${hook.id}/`, owner, { enabled: false, sources: ['backup', 'backup'] });
    expect(patched.body).toMatchObject({ name: 'Temp', enabled: false, min_type: 'error', sources: ['backup'] });
    const put = await call('PUT', `/api/integrations/webhooks/${hook.id}/`, owner, { name: 'Temp 2', url: receiver.url });
    expect(put.body).toMatchObject({ name: 'Temp 2', enabled: true, min_type: 'info', sources: null, secret_set: true });
    expect((await call('PUT', `/api/integrations/webhooks/${hook.id}/`, owner, { name: 'No url' })).body).toMatchObject({ url: ['This field is required.'] });
    expect((await call('DELETE', `/api/integrations/webhooks/${hook.id}/`, owner)).status).toBe(204);
    expect((await call('GET', `/api/integrations/webhooks/${hook.id}/`, owner)).status).toBe(404);
    expect((await call('GET', '/api/integrations/webhooks/not-a-uuid/', owner)).status).toBe(404);
    expect((await call('PATCH', `/api/integrations/webhooks/${hook.id}/`, alice, { enabled: true })).status).toBe(403);
  });

  it('sends a signed test event the receiver can verify', async () => {
    const hook = (await call('POST', '/api/integrations/webhooks/', owner, { name: 'Signed', url: receiver.url })).body;
    const before = receiver.requests.length;
    const res = await call('POST', `/api/integrations/webhooks/${hook.id}/test/`, owner);
    expect(res.body).toEqual({ detail: 'Test delivery succeeded', status_code: 200 });
    const req = receiver.requests[before];
    expect(signatureValid(req, hook.secret)).toBe(true);
    expect(signatureValid(req, 'some-other-secret-value')).toBe(false);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['user-agent']).toBe(`Everyst/${VERSION}`);
    expect(req.headers['x-everyst-event']).toBe('test');
    expect(Math.abs(Number(req.headers['x-everyst-timestamp']) - Date.now() / 1000)).toBeLessThan(10);
    const body = JSON.parse(req.body);
    expect(Object.keys(body)).toEqual(['event', 'delivery_id', 'timestamp', 'notification']);
    expect(body).toMatchObject({ event: 'test', delivery_id: req.headers['x-everyst-delivery'], notification: null });
    expect(body.delivery_id).toMatch(UUID);
  });

  it('answers 502 with the reason when the receiver fails', async () => {
    const failing = await startReceiver([500]);
    const hook = (await call('POST', '/api/integrations/webhooks/', owner, { name: 'Broken', url: failing.url })).body;
    const res = await call('POST', `/api/integrations/webhooks/${hook.id}/test/`, owner);
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ detail: 'Webhook error: HTTP 500', code: 'bad_gateway' });
    await failing.close();
    expect((await call('POST', `/api/integrations/webhooks/${hook.id}/test/`, owner)).body.detail).toBe('Webhook error: connection failed');
    await call('DELETE', `/api/integrations/webhooks/${hook.id}/`, owner);
  });

  it('delivers matching notifications (type threshold and sources) with a valid signature', async () => {
    const own = await startReceiver([200]);
    const hook = (await call('POST', '/api/integrations/webhooks/', owner, { name: 'Backups', url: own.url, min_type: 'warning', sources: ['backup'] })).body;
    await call('POST', '/api/notifications/', owner, { title: 'Backup ok', source: 'backup', type: 'success', user: alice.id });
    await call('POST', '/api/notifications/', owner, { title: 'Other', source: 'user', type: 'error', is_system: true });
    const sent = (await call('POST', '/api/notifications/', owner, { title: 'Backup failed', message: 'disk', source: 'backup', type: 'error', target_role: 'user' })).body;
    await waitFor(() => own.requests.length >= 1, 5000, 'webhook delivery');
    await t.app.ctx.services.outbox.idle();
    expect(own.requests).toHaveLength(1);
    const req = own.requests[0];
    expect(signatureValid(req, hook.secret)).toBe(true);
    expect(req.headers['x-everyst-event']).toBe('notification');
    const body = JSON.parse(req.body);
    expect(body.delivery_id).toBe(req.headers['x-everyst-delivery']);
    const { read: _read, ...withoutRead } = sent;
    expect(body.notification).toEqual(withoutRead);
    expect(Object.keys(body.notification)).toEqual(Object.keys(withoutRead));
    const after = (await call('GET', `/api/integrations/webhooks/${hook.id}/`, owner)).body;
    expect(after.last_status).toBe('delivered');
    expect(after.last_delivery_at).toMatch(/\+00:00$/);
    await call('DELETE', `/api/integrations/webhooks/${hook.id}/`, owner);
    await own.close();
  });
});

describe('webhook channel', () => {
  let silent: Server;
  afterAll(() => new Promise<void>((resolve) => { silent.closeAllConnections(); silent.close(() => resolve()); }));

  it('gives up after its timeout', async () => {
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    const attempt = postWebhook({ url, secret: 's'.repeat(16), event: 'test', deliveryId: 'x', body: '{}', userAgent: 'test', timeoutMs: 300, policy: new OutboundPolicy({ allowed: [], denied: [], resolve: async () => [] }) });
    await expect(attempt).rejects.toThrow(WebhookError);
    await expect(attempt).rejects.toThrow('timeout');
  });
});
