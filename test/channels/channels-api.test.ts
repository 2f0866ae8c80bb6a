import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { readings } from '../alerts/readings.js';
import { api, signatureValid, startReceiver, waitFor, type Json } from '../notifications/helpers.js';

const kinds = await databaseKinds();

describe.each(kinds)('notification channels through the API (%s)', (db) => {
  let t: TestApp;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let owner: Session, user: Session;
  const call = (method: Parameters<typeof api>[1], url: string, who: Session | undefined, payload?: unknown) => api(t.app, method, url, who, payload);
  const webhookChannel = (name: string, extra: Record<string, unknown> = {}, config: Record<string, unknown> = {}) =>
    call('POST', '/api/integrations/channels/', owner, { name, kind: 'webhook', config: { url: receiver.url, ...config }, ...extra });
  const bodies = () => receiver.requests.map((r) => JSON.parse(r.body) as Json);

  beforeAll(async () => {
    receiver = await startReceiver([200]);
    t = await createTestApp(db, { DELIVERY_RETRY_DELAYS: '1,1,1', NOTIFY_DEDUP_SECONDS: '60', PUBLIC_URL: 'https://everyst.example.net/' });
    owner = await registerOwner(t.app);
    user = await createUser(t.app, owner, 'ulla', 'user');
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('lists every kind with its form fields, for can_manage_system only', async () => {
    const res = await call('GET', '/api/integrations/channels/kinds/', owner);
    expect(res.status).toBe(200);
    const byKind = new Map((res.body.results as Json[]).map((k) => [k.kind, k]));
    expect([...byKind.keys()].slice(0, 3)).toEqual(['email', 'webhook', 'ntfy']);
    expect(byKind.get('ntfy').fields.find((f: Json) => f.key === 'token')).toMatchObject({ secret: true, type: 'string' });
    expect((await call('GET', '/api/integrations/channels/kinds/', user)).status).toBe(403);
    expect((await call('GET', '/api/integrations/channels/', user)).status).toBe(403);
  });

  it('validates per kind, keeps secrets write-only and sealed, and refuses link-local receivers', async () => {
    const bad = await call('POST', '/api/integrations/channels/', owner, { kind: 'ntfy', config: { server: 'ftp://x', priority: 9, colour: 'red' }, events: ['monitor.sideways'], min_severity: 'loud' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      name: ['This field is required.'], events: ['"monitor.sideways" is not a valid choice.'], min_severity: ['"loud" is not a valid choice.'],
    });
    const badConfig = await call('POST', '/api/integrations/channels/', owner, { name: 'Phone', kind: 'ntfy', config: { server: 'ftp://x', priority: 9, colour: 'red' } });
    expect(badConfig.body).toMatchObject({
      'config.server': ['Enter a valid http or https URL.'], 'config.priority': ['Ensure this value is from 1 to 5.'],
      'config.colour': ['Unknown key for ntfy.'], 'config.topic': ['This field is required.'],
    });
    expect((await call('POST', '/api/integrations/channels/', owner, { name: 'X', kind: 'pager' })).body).toMatchObject({ kind: ['"pager" is not a valid choice.'] });
    const refused = await call('POST', '/api/integrations/channels/', owner, { name: 'Meta', kind: 'webhook', config: { url: 'http://169.254.169.254/latest' } });
    expect(refused.body).toMatchObject({ 'config.url': ['Notifications may not be sent to this address.'] });

    const created = await call('POST', '/api/integrations/channels/', owner, {
      name: 'Phone', kind: 'ntfy', config: { server: 'http://127.0.0.1:9/', topic: 'ops', token: 'tk_secret_value_1' }, events: ['monitor.down'], min_severity: 'warning',
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(['id', 'name', 'kind', 'config', 'enabled', 'events', 'min_severity', 'created_at', 'updated_at', 'last_delivery_at', 'last_status']);
    expect(created.body.config).toEqual({ server: 'http://127.0.0.1:9/', topic: 'ops', token_set: true });
    const row = await t.app.ctx.db.selectFrom('channels').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row.secrets_encrypted).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain('tk_secret_value_1');
    expect(JSON.stringify((await call('GET', '/api/integrations/channels/', owner)).body)).not.toContain('tk_secret_value_1');
    expect((await call('POST', '/api/integrations/channels/', owner, { name: 'phone', kind: 'slack', config: { webhook_url: receiver.url } })).body)
      .toMatchObject({ name: ['A channel with this name already exists.'] });

    // PATCH keeps the secret it does not name; "" clears it; the kind cannot change.
    const patched = await call('PATCH', `/api/integrations/channels/${created.body.id}/`, owner, { config: { topic: 'ops2', token_set: true }, enabled: false });
    expect(patched.body).toMatchObject({ enabled: false, events: ['monitor.down'], config: { topic: 'ops2', token_set: true } });
    const cleared = await call('PATCH', `/api/integrations/channels/${created.body.id}/`, owner, { config: { token: '' } });
    expect(cleared.body.config.token_set).toBe(false);
    expect((await call('PATCH', `/api/integrations/channels/${created.body.id}/`, owner, { kind: 'slack' })).body).toMatchObject({ kind: ['The kind of a channel cannot change.'] });
    // PUT resets what it leaves out (but secrets, which a client cannot read back).
    const put = await call('PUT', `/api/integrations/channels/${created.body.id}/`, owner, { name: 'Phone', config: { topic: 'ops3' } });
    expect(put.body).toMatchObject({ enabled: true, events: [], min_severity: 'info', config: { topic: 'ops3', token_set: false } });
    expect((await call('DELETE', `/api/integrations/channels/${created.body.id}/`, owner)).status).toBe(204);
    expect((await call('GET', `/api/integrations/channels/${created.body.id}/`, owner)).status).toBe(404);
    expect((await call('GET', '/api/integrations/channels/not-a-uuid/', owner)).status).toBe(404);
  });

  it('test sends one signed message now: 200, or 502 with the reason and nothing more', async () => {
    const channel = (await webhookChannel('Test hook', {}, { secret: 'shhh-0123456789' })).body;
    receiver.requests.length = 0;
    const ok = await call('POST', `/api/integrations/channels/${channel.id}/test/`, owner, {});
    expect(ok).toMatchObject({ status: 200, body: { detail: 'Test delivery succeeded' } });
    expect(receiver.requests).toHaveLength(1);
    expect(signatureValid(receiver.requests[0], 'shhh-0123456789')).toBe(true);
    expect(receiver.requests[0].headers['x-everyst-event']).toBe('test');
    expect(bodies()[0]).toMatchObject({ event: 'test', title: 'Everyst test notification', severity: 'info', url: 'https://everyst.example.net' });

    receiver.statuses.push(500);
    const failed = await call('POST', `/api/integrations/channels/${channel.id}/test/`, owner, {});
    expect(failed).toMatchObject({ status: 502, body: { detail: 'Webhook error: HTTP 500', code: 'bad_gateway' } });
    expect((await call('GET', `/api/integrations/channels/${channel.id}/`, owner)).body.last_status).toBe('failed');
    const closed = (await call('POST', '/api/integrations/channels/', owner, { name: 'Closed', kind: 'webhook', config: { url: 'http://127.0.0.1:9/x' } })).body;
    expect((await call('POST', `/api/integrations/channels/${closed.id}/test/`, owner, {})).body.detail).toBe('Webhook error: connection failed');
    receiver.statuses.splice(0, receiver.statuses.length, 200);
    await call('DELETE', `/api/integrations/channels/${channel.id}/`, owner);
    await call('DELETE', `/api/integrations/channels/${closed.id}/`, owner);
  });

  it('routes events by filter and severity, sends a JSON template, links to the dashboard, and dedups repeats', async () => {
    const all = (await webhookChannel('All', {}, { template: '{"text": "{{title}}: {{message}}", "level": "{{severity}}", "link": "{{url}}"}' })).body;
    const errorsOnly = (await webhookChannel('Errors', { min_severity: 'error' })).body;
    const notificationsOnly = (await webhookChannel('API only', { events: ['notification'] })).body;
    receiver.requests.length = 0;

    const sent = await call('POST', '/api/notifications/', owner, { title: 'Backup done', message: 'nightly', type: 'warning', is_system: true });
    expect(sent.status).toBe(201);
    await t.app.ctx.services.outbox.idle();
    await waitFor(() => receiver.requests.length >= 2);
    const byChannel = async (id: string) => (await call('GET', `/api/notifications/deliveries/?channel_id=${id}`, owner)).body.results as Json[];
    expect(await byChannel(errorsOnly.id)).toHaveLength(0);
    const [toAll] = await byChannel(all.id);
    expect(toAll).toMatchObject({ channel: 'webhook', channel_id: all.id, channel_name: 'All', event: 'notification', status: 'delivered', attempts: 1, last_error: null });
    expect(await byChannel(notificationsOnly.id)).toHaveLength(1);
    const templated = bodies().find((b) => 'text' in b);
    expect(templated).toEqual({ text: 'Backup done: nightly', level: 'warning', link: 'https://everyst.example.net/notifications' });

    // The same event again within NOTIFY_DEDUP_SECONDS: queued once per channel.
    await call('POST', '/api/notifications/', owner, { title: 'Backup done', message: 'nightly', type: 'warning', is_system: true });
    await t.app.ctx.services.outbox.idle();
    expect(await byChannel(all.id)).toHaveLength(1);

    // An alert of error severity reaches the error-only channel; its `notification` filter keeps the third one out.
    await call('POST', '/api/alerts/', owner, { title: 'Disk failing', message: 'sda SMART', severity: 'critical', source: 'smart' });
    await waitFor(async () => (await byChannel(errorsOnly.id)).length === 1 && (await byChannel(errorsOnly.id))[0].status === 'delivered');
    expect((await byChannel(errorsOnly.id))[0].event).toBe('alert.triggered');
    expect(await byChannel(notificationsOnly.id)).toHaveLength(1);
    for (const c of [all, errorsOnly, notificationsOnly]) await call('DELETE', `/api/integrations/channels/${c.id}/`, owner);
  });

  it("sends an alert rule's events to its own channels only", async () => {
    const own = (await webhookChannel('Rule channel', { events: ['test'] })).body;
    const other = (await webhookChannel('Everything')).body;
    const rule = await call('POST', '/api/alert-rules/', owner, { name: 'CPU hot', metric: 'cpu_usage', warning_threshold: 40, channels: [own.id] });
    expect(rule.status).toBe(201);
    expect(rule.body.channels).toEqual([own.id]);
    expect((await call('PATCH', `/api/alert-rules/${rule.body.id}/`, owner, { channels: ['nope'] })).body).toMatchObject({ channels: ['"nope" is not a valid channel id.'] });
    await t.app.ctx.services.alerts.engine.evaluate(readings({ cpu_usage: 50 }));
    await waitFor(async () => {
      const rows = (await call('GET', `/api/notifications/deliveries/?channel_id=${own.id}`, owner)).body.results as Json[];
      return rows.some((r) => r.event === 'alert.triggered' && r.status === 'delivered');
    }, 20_000);
    const others = (await call('GET', `/api/notifications/deliveries/?channel_id=${other.id}`, owner)).body.results as Json[];
    expect(others.filter((r) => r.event === 'alert.triggered')).toHaveLength(0);
    await call('DELETE', `/api/alert-rules/${rule.body.id}/`, owner);
    for (const c of [own, other]) await call('DELETE', `/api/integrations/channels/${c.id}/`, owner);
  }, 30_000);

  it('a receiver that is down gets every event once, in order, when it is back', async () => {
    const flaky = await startReceiver([503, 503, 200]);
    const channel = (await call('POST', '/api/integrations/channels/', owner, { name: 'Flaky', kind: 'webhook', config: { url: flaky.url } })).body;
    for (let i = 1; i <= 5; i++) await call('POST', '/api/notifications/', owner, { title: `Event ${i}`, type: 'info', is_system: true });
    // The outbox job polls every few seconds in a listening server; here the test drives it.
    await waitFor(async () => {
      await t.app.ctx.services.outbox.runOnce();
      return flaky.delivered().length === 5;
    }, 20_000);
    const titles = flaky.delivered().map((r) => JSON.parse(r.body).title);
    expect(titles).toEqual(['Event 1', 'Event 2', 'Event 3', 'Event 4', 'Event 5']);
    // Nothing overtook the first event while it waited for its retries.
    expect(flaky.requests.map((r) => JSON.parse(r.body).title).slice(0, 3)).toEqual(['Event 1', 'Event 1', 'Event 1']);
    await flaky.close();
    await call('DELETE', `/api/integrations/channels/${channel.id}/`, owner);
  }, 30_000);

  it('a 429 with Retry-After is asked again only after that wait, then delivered once', async () => {
    const seen: number[] = [];
    const limiter = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(Date.now());
        if (seen.length === 1) res.writeHead(429, { 'retry-after': '2' }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => limiter.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(limiter.address() as AddressInfo).port}/limited`;
    const channel = (await call('POST', '/api/integrations/channels/', owner, { name: 'Limited', kind: 'slack', config: { webhook_url: url } })).body;
    await call('POST', '/api/notifications/', owner, { title: 'Slow down', type: 'info', is_system: true });
    await waitFor(async () => {
      await t.app.ctx.services.outbox.runOnce();
      return seen.length === 2;
    }, 15_000);
    expect(seen[1] - seen[0]).toBeGreaterThanOrEqual(1900);
    const [delivery] = (await call('GET', `/api/notifications/deliveries/?channel_id=${channel.id}`, owner)).body.results as Json[];
    expect(delivery).toMatchObject({ channel: 'slack', status: 'delivered', attempts: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toHaveLength(2);
    limiter.closeAllConnections();
    limiter.close();
    await call('DELETE', `/api/integrations/channels/${channel.id}/`, owner);
  }, 30_000);
});
