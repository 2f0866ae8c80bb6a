import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SECRET, createTestApp, type TestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { SecretBox } from '../../src/crypto/secrets.js';
import { deriveKey } from '../../src/auth/keys.js';
import { api, closedPortUrl, startSmtpServer, startTcp, waitFor } from './helpers.js';

const kinds = await databaseKinds();
const SMTP_PASSWORD = 'S3cret smtp pass!';

describe.each(kinds)('SMTP settings and email delivery (%s)', (kind) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let owner: Session, alice: Session, bob: Session;
  const call = (method: Parameters<typeof api>[1], url: string, who?: Session, payload?: unknown) => api(t.app, method, url, who, payload);
  const settings = () => ({ host: '127.0.0.1', port: smtp.port, username: 'mailer', password: SMTP_PASSWORD, security: 'none', from_email: 'everyst@example.com', from_name: 'Everyst Test' });

  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'mailer', pass: SMTP_PASSWORD });
    t = await createTestApp(kind);
    owner = await registerOwner(t.app);
    alice = await createUser(t.app, owner, 'alice', 'user');
    bob = await createUser(t.app, owner, 'bob', 'user');
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('reports no SMTP and refuses a test email while nothing is configured', async () => {
    expect((await call('GET', '/api/integrations/smtp/', owner)).body).toEqual({
      enabled: false, host: null, port: 587, username: null, password_set: false, security: 'starttls', from_email: null,
      from_name: 'Everyst', source: 'none', last_tested_at: null, last_test_ok: null,
    });
    const test = await call('POST', '/api/integrations/smtp/test/', owner);
    expect(test.status).toBe(400);
    expect(test.body).toEqual({ detail: 'SMTP is not configured', code: 'invalid' });
  });

  it('validates the settings', async () => {
    const res = await call('PUT', '/api/integrations/smtp/', owner, { port: 70000, security: 'ssl', from_email: 'nope' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      host: ['This field is required.'], port: ['Ensure this value is an integer between 1 and 65535.'],
      security: ['"ssl" is not a valid choice.'], from_email: ['Enter a valid email address.'],
    });
  });

  it('stores the password encrypted at rest and never returns it', async () => {
    const put = await call('PUT', '/api/integrations/smtp/', owner, settings());
    expect(put.status).toBe(200);
    expect(put.body).toEqual({
      enabled: true, host: '127.0.0.1', port: smtp.port, username: 'mailer', password_set: true, security: 'none',
      from_email: 'everyst@example.com', from_name: 'Everyst Test', source: 'database', last_tested_at: null, last_test_ok: null,
    });
    const row = await t.app.ctx.db.selectFrom('smtp_settings').selectAll().executeTakeFirstOrThrow();
    expect(row.password_encrypted).toMatch(/^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(row.password_encrypted).not.toContain(SMTP_PASSWORD);
    expect(new SecretBox(deriveKey(TEST_SECRET, 'everyst secrets v1')).decrypt(row.password_encrypted)).toBe(SMTP_PASSWORD);
    const get = await call('GET', '/api/integrations/smtp/', owner);
    expect(JSON.stringify(get.body)).not.toContain(SMTP_PASSWORD);
    expect(get.body).not.toHaveProperty('password');
    // Omitting the password keeps it.
    const { password: _p, ...withoutPassword } = settings();
    expect((await call('PUT', '/api/integrations/smtp/', owner, { ...withoutPassword, from_name: 'Everyst' })).body.password_set).toBe(true);
  });

  it('sends a test email synchronously and records the outcome', async () => {
    const res = await call('POST', '/api/integrations/smtp/test/', owner, { to: 'ops@example.com' });
    expect(res.body).toEqual({ detail: 'Test email sent to ops@example.com' });
    const mail = smtp.mails.at(-1)!;
    expect(mail.envelopeTo).toEqual(['ops@example.com']);
    expect(mail.mail.subject).toBe('Everyst test email');
    expect(mail.auth).toEqual({ user: 'mailer' });
    expect(mail.mail.from?.value[0]).toEqual({ address: 'everyst@example.com', name: 'Everyst' });
    const after = (await call('GET', '/api/integrations/smtp/', owner)).body;
    expect(after.last_test_ok).toBe(true);
    expect(after.last_tested_at).toMatch(/\+00:00$/);
    expect((await call('POST', '/api/integrations/smtp/test/', owner, { to: 'not an email' })).body).toMatchObject({ to: ['Enter a valid email address.'] });
  });

  it('answers 502 with the SMTP reason when the server rejects the login', async () => {
    await call('PUT', '/api/integrations/smtp/', owner, { ...settings(), password: 'wrong password' });
    const res = await call('POST', '/api/integrations/smtp/test/', owner);
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('bad_gateway');
    expect(res.body.detail).toMatch(/^SMTP error: .*Invalid/);
    expect((await call('GET', '/api/integrations/smtp/', owner)).body.last_test_ok).toBe(false);
    await call('PUT', '/api/integrations/smtp/', owner, settings());
  });

  it('answers one failure text whether the port is closed, resets, or speaks another protocol', async () => {
    const listeners = [await startTcp(null), await startTcp('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'), await startTcp('HTTP/1.1 400 Bad Request\r\n\r\n')];
    try {
      for (const url of [await closedPortUrl(), ...listeners.map((l) => l.url)]) {
        for (const security of ['none', 'tls']) {
          await call('PUT', '/api/integrations/smtp/', owner, { ...settings(), port: Number(new URL(url).port), security });
          const res = await call('POST', '/api/integrations/smtp/test/', owner);
          expect([url, security, res.status, res.body]).toEqual([url, security, 502, { detail: 'SMTP error: connection failed', code: 'bad_gateway' }]);
        }
      }
    } finally {
      await Promise.all(listeners.map((l) => l.close()));
      await call('PUT', '/api/integrations/smtp/', owner, settings());
    }
  });

  it('emails a notification to recipients whose preference asks for its type', async () => {
    await call('PATCH', '/api/notifications/preferences/', alice, { email: { enabled: true, min_type: 'warning' } });
    const before = smtp.mails.length;
    await call('POST', '/api/notifications/', owner, { title: 'Just FYI', user: alice.id, type: 'info' });
    await call('POST', '/api/notifications/', owner, { title: 'Bob only', user: bob.id, type: 'error' });
    const created = await call('POST', '/api/notifications/', owner, { title: 'Disk almost full', message: 'Filesystem / is 93.4% full', target_role: 'user', type: 'error' });
    await waitFor(() => smtp.mails.length > before, 5000, 'notification email');
    await t.app.ctx.services.outbox.idle();
    const mails = smtp.mails.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0].envelopeTo).toEqual(['alice@example.com']);
    expect(mails[0].mail.subject).toBe('[Everyst] Disk almost full');
    expect(mails[0].mail.text).toContain('Filesystem / is 93.4% full');
    expect(mails[0].mail.text).toContain('Type: error');
    const deliveries = (await call('GET', '/api/notifications/deliveries/?channel=email&status=delivered', owner)).body;
    expect(deliveries.results).toEqual([expect.objectContaining({
      notification: created.body.id, channel: 'email', recipient: 'alice@example.com', status: 'delivered', attempts: 1, last_error: null, next_attempt_at: null,
    })]);
    expect(Object.keys(deliveries.results[0])).toEqual(['id', 'notification', 'channel', 'recipient', 'status', 'attempts', 'next_attempt_at', 'last_error', 'created_at', 'delivered_at', 'channel_id', 'channel_name', 'event']);
  });

  it('falls back to "none" after the stored settings are removed', async () => {
    expect((await call('DELETE', '/api/integrations/smtp/', owner)).status).toBe(204);
    expect((await call('GET', '/api/integrations/smtp/', owner)).body.source).toBe('none');
    const before = (await call('GET', '/api/notifications/deliveries/', owner)).body.count;
    await call('POST', '/api/notifications/', owner, { title: 'No mail now', user: alice.id, type: 'error' });
    expect((await call('GET', '/api/notifications/deliveries/', owner)).body.count).toBe(before);
  });
});

describe('SMTP settings from the environment', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    t = await createTestApp('sqlite', { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), SMTP_SECURITY: 'none', SMTP_FROM: 'env@example.com' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('applies while nothing is stored, and sends with them', async () => {
    const owner = await registerOwner(t.app);
    const get = await api(t.app, 'GET', '/api/integrations/smtp/', owner);
    expect(get.body).toMatchObject({ enabled: true, host: '127.0.0.1', port: smtp.port, source: 'environment', security: 'none', from_email: 'env@example.com', password_set: false });
    expect((await api(t.app, 'POST', '/api/integrations/smtp/test/', owner)).body).toEqual({ detail: 'Test email sent to owner@example.com' });
    expect(smtp.mails[0].envelopeTo).toEqual(['owner@example.com']);
    expect((await api(t.app, 'GET', '/api/integrations/smtp/', owner)).body.last_test_ok).toBe(true);
  });
});
