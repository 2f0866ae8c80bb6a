import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { sleep, startReceiver, startSmtpServer } from '../notifications/helpers.js';
import { contract, createWorld, expectStatus, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import { Delivery, expectError, expectInvalid, expectShape, oneOf, Page, PERMISSION_DENIED, SmtpSettings, Webhook } from './shapes.js';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.each(await databaseKinds())('integrations and deliveries (rest.md §6.3, §7) on %s', (kind) => {
  let w: World;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let ok: Awaited<ReturnType<typeof startReceiver>>;
  let failing: Awaited<ReturnType<typeof startReceiver>>;
  let hookId = '';
  beforeAll(async () => {
    w = await createWorld(kind, { DELIVERY_RETRY_DELAYS: '1' }, ['manager', 'viewer']);
    [smtp, ok, failing] = await Promise.all([startSmtpServer(), startReceiver([200]), startReceiver([500])]);
  });
  afterAll(async () => {
    await Promise.all([smtp?.close(), ok?.close(), failing?.close()]);
    await w?.close();
  });
  const smtpBody = (port: number) => ({ host: '127.0.0.1', port, security: 'none', from_email: 'everyst@example.com' });

  contract('GET integrations/smtp/', async () => {
    const res = await w.call('GET integrations/smtp/', { as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, SmtpSettings);
    expect(res.body).toMatchObject({ source: 'none', password_set: false, from_name: 'Everyst' });
    const denied = await w.call('GET integrations/smtp/', { as: w.users.viewer });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('POST integrations/smtp/test/', async () => {
    const unconfigured = await w.call('POST integrations/smtp/test/', { as: w.owner });
    expectStatus(unconfigured, 400);
    expectError(unconfigured.body, 'invalid', 'SMTP is not configured');
    expectStatus(await w.raw('PUT', '/api/integrations/smtp/', { as: w.owner, body: smtpBody(smtp.port) }), 200);
    const res = await w.call('POST integrations/smtp/test/', { as: w.owner, body: { to: 'ops@example.com' } });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Test email sent to ops@example.com') });
    expect(smtp.mails.map((m) => m.envelopeTo)).toContainEqual(['ops@example.com']);
    expectStatus(await w.raw('PUT', '/api/integrations/smtp/', { as: w.owner, body: smtpBody(await closedPort()) }), 200);
    const broken = await w.call('POST integrations/smtp/test/', { as: w.owner });
    expectStatus(broken, 502);
    expectError(broken.body, 'bad_gateway');
    expect(broken.body.detail).toMatch(/^SMTP error: /);
  });

  contract('PUT integrations/smtp/', async () => {
    const res = await w.call('PUT integrations/smtp/', { as: w.owner, body: { ...smtpBody(2525), username: 'mailer', password: 'pw-secret' } });
    expectStatus(res, 200);
    expectShape(res.body, SmtpSettings);
    expect(res.body).toMatchObject({ source: 'database', enabled: true, port: 2525, username: 'mailer', password_set: true, security: 'none' });
    expect(JSON.stringify(res.body)).not.toContain('pw-secret');
    const bad = await w.call('PUT integrations/smtp/', { as: w.owner, body: { port: 70000 } });
    expectStatus(bad, 400);
    expectInvalid(bad.body, 'host');
  });

  contract('DELETE integrations/smtp/', async () => {
    const res = await w.call('DELETE integrations/smtp/', { as: w.owner });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expect((await w.raw('GET', '/api/integrations/smtp/', { as: w.owner })).body.source).toBe('none');
  });

  contract('POST integrations/webhooks/', async () => {
    const res = await w.call('POST integrations/webhooks/', { as: w.users.manager, body: { name: 'ok', url: ok.url } });
    expectStatus(res, 201);
    expectShape(res.body, { ...Webhook, secret: 'string' });
    expect(res.body).toMatchObject({ enabled: true, min_type: 'info', sources: null, secret_set: true, last_status: null });
    expect(res.body.secret.length).toBeGreaterThanOrEqual(16);
    hookId = res.body.id;
    const bad = await w.call('POST integrations/webhooks/', { as: w.users.manager, body: { name: 'x', url: 'ftp://example.com/' } });
    expectStatus(bad, 400);
    expectInvalid(bad.body, 'url');
  });

  contract('GET integrations/webhooks/', async () => {
    await w.raw('POST', '/api/integrations/webhooks/', { as: w.owner, body: { name: 'failing', url: failing.url, sources: ['contract'] } });
    const res = await w.call('GET integrations/webhooks/', { as: w.users.manager });
    expectStatus(res, 200);
    expectShape(res.body, Page(Webhook));
    await expectPagination(w, 'GET integrations/webhooks/', { as: w.users.manager });
  });

  contract('GET integrations/webhooks/{id}/', async () => {
    const res = await w.call('GET integrations/webhooks/{id}/', { params: { id: hookId }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, Webhook);
    expectStatus(await w.call('GET integrations/webhooks/{id}/', { params: { id: 'zzz' }, as: w.owner }), 404);
  });

  contract('PUT integrations/webhooks/{id}/', async () => {
    const res = await w.call('PUT integrations/webhooks/{id}/', { params: { id: hookId }, as: w.owner, body: { name: 'ok-put', url: ok.url, min_type: 'warning' } });
    expectStatus(res, 200);
    expectShape(res.body, Webhook);
    expect(res.body).toMatchObject({ name: 'ok-put', min_type: 'warning' });
  });

  contract('PATCH integrations/webhooks/{id}/', async () => {
    const res = await w.call('PATCH integrations/webhooks/{id}/', { params: { id: hookId }, as: w.owner, body: { sources: ['user'] } });
    expectStatus(res, 200);
    expectShape(res.body, Webhook);
    expect(res.body).toMatchObject({ name: 'ok-put', sources: ['user'] });
  });

  contract('POST integrations/webhooks/{id}/test/', async () => {
    const res = await w.call('POST integrations/webhooks/{id}/test/', { params: { id: hookId }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Test delivery succeeded'), status_code: oneOf(200) });
    const list = await w.raw('GET', '/api/integrations/webhooks/', { as: w.owner });
    const failingHook = list.body.results.find((h: { name: string }) => h.name === 'failing');
    const broken = await w.call('POST integrations/webhooks/{id}/test/', { params: { id: failingHook.id }, as: w.owner });
    expectStatus(broken, 502);
    expectError(broken.body, 'bad_gateway');
    expect(broken.body.detail).toMatch(/^Webhook error: /);
  });

  contract('DELETE integrations/webhooks/{id}/', async () => {
    const res = await w.call('DELETE integrations/webhooks/{id}/', { params: { id: hookId }, as: w.owner });
    expectStatus(res, 204);
    expectStatus(await w.call('DELETE integrations/webhooks/{id}/', { params: { id: hookId }, as: w.owner }), 404);
  });

  contract('GET notifications/deliveries/', async () => {
    // The "failing" hook (sources ["contract"]) answers 500: one delivery, failed after its single retry.
    for (const title of ['one', 'two']) await w.raw('POST', '/api/notifications/', { as: w.owner, body: { title, source: 'contract', is_system: true } });
    const outbox = w.t.app.ctx.services.outbox;
    await outbox.idle();
    await sleep(1100);
    await outbox.runOnce();
    const res = await w.call('GET notifications/deliveries/', { as: w.users.manager, query: { channel: 'webhook' } });
    expectStatus(res, 200);
    expectShape(res.body, Page(Delivery));
    expect(res.body.results.map((d: { status: string }) => d.status)).toEqual(['failed', 'failed']);
    await expectPagination(w, 'GET notifications/deliveries/', { as: w.users.manager, query: { status: 'failed' } });
    expectStatus(await w.call('GET notifications/deliveries/', { as: w.users.viewer }), 403);
  });

  contract('POST notifications/deliveries/{id}/retry/', async () => {
    const list = await w.raw('GET', '/api/notifications/deliveries/', { as: w.owner });
    const id = list.body.results[0].id as string;
    const res = await w.call('POST notifications/deliveries/{id}/retry/', { params: { id }, as: w.owner });
    expectStatus(res, 200);
    expectShape(res.body, Delivery);
    expect(res.body.status).toBe('pending');
    const again = await w.call('POST notifications/deliveries/{id}/retry/', { params: { id }, as: w.owner });
    expectStatus(again, 409);
    expectError(again.body, 'conflict');
  });
});
