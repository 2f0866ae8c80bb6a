import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { rdata, startDnsResponder, T, type DnsResponder } from '../tools/helpers/dns-responder.js';
import { api, startSmtpServer } from './helpers.js';

const root = process.getuid?.() === 0;
if (!root) console.warn('smtp-dns test skipped: DNS_SERVERS takes port 53, which needs root');

describe.skipIf(!root)('the SMTP host is resolved through DNS_SERVERS', () => {
  let t: TestApp;
  let owner: Session;
  let dns: DnsResponder;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    dns = await startDnsResponder(new Map([['mail.everyst.test', [{ type: T.A, ttl: 60, data: rdata.a('127.0.0.1') }]]]));
    t = await createTestApp('sqlite', { DNS_SERVERS: dns.address });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await dns?.close();
  });

  it('sends to the address our resolver gave, and fails plainly for a name it does not know', async () => {
    await api(t.app, 'PUT', '/api/integrations/smtp/', owner, { host: 'mail.everyst.test', port: smtp.port, security: 'none', from_email: 'everyst@example.com' });
    const sent = await api(t.app, 'POST', '/api/integrations/smtp/test/', owner, { to: 'ops@example.net' });
    expect(sent.status).toBe(200);
    expect(smtp.mails.map((m) => m.envelopeTo)).toEqual([['ops@example.net']]);
    expect(dns.log).toContain('mail.everyst.test 1 UDP');

    await api(t.app, 'PUT', '/api/integrations/smtp/', owner, { host: 'unknown.everyst.test', port: smtp.port, security: 'none', from_email: 'everyst@example.com' });
    const failed = await api(t.app, 'POST', '/api/integrations/smtp/test/', owner, { to: 'ops@example.net' });
    expect(failed).toMatchObject({ status: 502, body: { detail: 'SMTP error: connection failed' } });
    expect(dns.log.some((q) => q.startsWith('unknown.everyst.test '))).toBe(true);
  });
});
