import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { rdata, startDnsResponder, T, type DnsResponder, type ZoneRecord } from '../tools/helpers/dns-responder.js';
import { OutboundPolicy } from '../../src/modules/notifications/channels/outbound-policy.js';
import { ADDRESS_REFUSED } from '../../src/modules/notifications/integrations/webhooks.service.js';
import { api, closedPortUrl, startReceiver, startTcp, waitFor } from './helpers.js';

/** Every address used here is loopback; link-local and unspecified URLs are only ever saved, never sent to. */
const refusedAtSave = { url: [ADDRESS_REFUSED], detail: `url: ${ADDRESS_REFUSED}`, code: 'invalid' };

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

/** An "internal service" on 127.0.0.2 at a given port, counting the requests that reach it. */
async function startInternal(port: number): Promise<{ hits: () => number; close(): Promise<void> }> {
  let hits = 0;
  const server: HttpServer = createHttpServer((_req, res) => {
    hits++;
    res.end('internal');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.2', resolve));
  return { hits: () => hits, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

describe('outbound address policy: the rules', () => {
  const policy = (allowed: string[] = [], denied: string[] = []) => new OutboundPolicy({ allowed, denied, resolve: async () => [] });

  it('refuses link-local and unspecified addresses (IPv4-mapped forms too) and allows loopback, private and public', () => {
    const p = policy();
    for (const a of ['169.254.169.254', '169.254.0.1', 'fe80::1', '0.0.0.0', '::', '::ffff:169.254.169.254', '::ffff:a9fe:a9fe', '::ffff:0.0.0.0']) {
      expect(p.permits(a), a).toBe(false);
    }
    for (const a of ['127.0.0.1', '::1', '10.1.2.3', '192.168.1.10', '172.16.0.5', 'fd00::5', '203.0.113.7', '2001:db8::1']) {
      expect(p.permits(a), a).toBe(true);
    }
  });

  it('NOTIFY_ALLOWED_NETWORKS opens a refused range; NOTIFY_DENIED_NETWORKS closes any range and wins', () => {
    expect(policy(['169.254.10.0/24']).permits('169.254.10.9')).toBe(true);
    expect(policy(['169.254.10.0/24']).permits('169.254.11.9')).toBe(false);
    expect(policy([], ['127.0.0.0/8']).permits('127.0.0.1')).toBe(false);
    expect(policy([], ['127.0.0.0/8']).permits('::ffff:127.0.0.1')).toBe(false);
    expect(policy(['10.0.0.0/8'], ['10.0.0.0/8']).permits('10.1.1.1')).toBe(false);
  });

  it('checks every address a name resolves to', async () => {
    const resolving = (addresses: string[]) => new OutboundPolicy({ allowed: [], denied: [], resolve: async () => addresses });
    expect(await resolving(['127.0.0.1']).check('hook.test')).toEqual({ ok: true, addresses: ['127.0.0.1'] });
    expect(await resolving(['127.0.0.1', '169.254.169.254']).check('hook.test')).toEqual({ ok: false, reason: 'refused' });
    expect(await resolving([]).check('hook.test')).toEqual({ ok: false, reason: 'unresolved' });
    expect(await resolving([]).check('[fe80::1]')).toEqual({ ok: false, reason: 'refused' });
  });
});

describe('webhooks under the outbound address policy', () => {
  let t: TestApp;
  let owner: Session;
  let receiver: Receiver;
  const create = (url: string, name = 'Hook') => api(t.app, 'POST', '/api/integrations/webhooks/', owner, { name, url });
  const sendTest = (id: string) => api(t.app, 'POST', `/api/integrations/webhooks/${id}/test/`, owner);

  beforeAll(async () => {
    receiver = await startReceiver([200]);
    t = await createTestApp('sqlite', { NOTIFY_ALLOWED_NETWORKS: '169.254.10.0/24' });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  it('refuses link-local and unspecified URLs at save with a field error, and changes nothing', async () => {
    const refused = [
      'http://169.254.169.254/latest/meta-data/', 'http://2852039166/', 'http://[fe80::1]:8080/', 'http://0.0.0.0:8080/',
      'http://[::]/', 'http://[::ffff:169.254.169.254]/', 'https://169.254.1.1/hook',
    ];
    for (const url of refused) {
      const res = await create(url);
      expect([url, res.status, res.body]).toEqual([url, 400, refusedAtSave]);
    }
    expect((await api(t.app, 'GET', '/api/integrations/webhooks/', owner)).body.count).toBe(0);

    const hook = (await create(receiver.url)).body;
    for (const method of ['PATCH', 'PUT'] as const) {
      const res = await api(t.app, method, `/api/integrations/webhooks/${hook.id}/`, owner, { name: 'Hook', url: 'http://169.254.169.254/' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(refusedAtSave);
    }
    expect((await api(t.app, 'GET', `/api/integrations/webhooks/${hook.id}/`, owner)).body.url).toBe(receiver.url);
    // A range listed in NOTIFY_ALLOWED_NETWORKS may be saved (and is never sent to here).
    expect((await create('http://169.254.10.20/hook', 'Allowed')).status).toBe(201);
  });

  it('answers one failure text whether the port is closed, resets, or speaks another protocol', async () => {
    const closed = await closedPortUrl();
    const resets = await startTcp(null);
    const ssh = await startTcp('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n');
    const smtp = await startTcp('220 mail.internal ESMTP Postfix\r\n');
    try {
      for (const url of [closed, resets.url, ssh.url, smtp.url]) {
        const hook = (await create(url, 'Probe')).body;
        const res = await sendTest(hook.id);
        expect([url, res.status, res.body]).toEqual([url, 502, { detail: 'Webhook error: connection failed', code: 'bad_gateway' }]);
        await api(t.app, 'DELETE', `/api/integrations/webhooks/${hook.id}/`, owner);
      }
    } finally {
      await Promise.all([resets.close(), ssh.close(), smtp.close()]);
    }
  });
});

// DNS_SERVERS has no port: the app reaches the test's DNS responder only when it can bind port 53 (root).
const asRoot = process.getuid?.() === 0;
if (!asRoot) console.warn('skipping the send-time DNS tests: they need root to bind a DNS responder on port 53');

describe.skipIf(!asRoot)('webhooks: the policy is applied again at send time', () => {
  let t: TestApp;
  let owner: Session;
  let receiver: Receiver;
  let internal: Awaited<ReturnType<typeof startInternal>>;
  let dns: DnsResponder;
  const zone = new Map<string, ZoneRecord[]>();
  const answer = (...ips: string[]) => zone.set('hook.test', ips.map((ip) => ({ type: T.A, ttl: 0, data: rdata.a(ip) })));

  beforeAll(async () => {
    receiver = await startReceiver([200]);
    internal = await startInternal(Number(new URL(receiver.url).port));
    answer('127.0.0.1');
    dns = await startDnsResponder(zone);
    // 127.0.0.2 stands for an internal network the administrator refused.
    t = await createTestApp('sqlite', { NOTIFY_DENIED_NETWORKS: '127.0.0.2/32', DNS_SERVERS: dns.address });
    owner = await registerOwner(t.app);
  }, 30_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([receiver?.close(), internal?.close(), dns?.close()]);
  });

  it('refuses a denied range at save, also behind a name', async () => {
    const port = new URL(receiver.url).port;
    expect((await api(t.app, 'POST', '/api/integrations/webhooks/', owner, { name: 'Direct', url: `http://127.0.0.2:${port}/hook` })).body).toEqual(refusedAtSave);
    answer('127.0.0.1', '127.0.0.2');
    expect((await api(t.app, 'POST', '/api/integrations/webhooks/', owner, { name: 'Named', url: `http://hook.test:${port}/hook` })).body).toEqual(refusedAtSave);
    answer('127.0.0.1');
  });

  it('delivers through the name while it resolves to an allowed address, and refuses once it resolves elsewhere', async () => {
    const port = new URL(receiver.url).port;
    const hook = (await api(t.app, 'POST', '/api/integrations/webhooks/', owner, { name: 'Named', url: `http://hook.test:${port}/hook` })).body;
    expect(hook.url).toBe(`http://hook.test:${port}/hook`);
    expect((await api(t.app, 'POST', `/api/integrations/webhooks/${hook.id}/test/`, owner)).body).toEqual({ detail: 'Test delivery succeeded', status_code: 200 });
    expect(receiver.requests.at(-1)?.headers.host).toBe(`hook.test:${port}`);

    answer('127.0.0.2');
    const before = receiver.requests.length;
    const res = await api(t.app, 'POST', `/api/integrations/webhooks/${hook.id}/test/`, owner);
    expect(res.status).toBe(502);
    expect(res.body).toEqual({ detail: 'Webhook error: connection failed', code: 'bad_gateway' });

    await api(t.app, 'POST', '/api/notifications/', owner, { title: 'Disk full', source: 'system', type: 'error', is_system: true });
    await waitFor(async () => (await t.app.ctx.db.selectFrom('deliveries').select('attempts').where('webhook_id', '=', hook.id).executeTakeFirst())?.attempts === 1, 5000, 'delivery attempt');
    const delivery = await t.app.ctx.db.selectFrom('deliveries').selectAll().where('webhook_id', '=', hook.id).executeTakeFirstOrThrow();
    expect([delivery.status, delivery.last_error]).toEqual(['pending', 'connection failed']);
    expect(internal.hits()).toBe(0);
    expect(receiver.requests.length).toBe(before);
    answer('127.0.0.1');
  });

  it('connects to the address it checked: a name that changes its answer right after the check is not looked up again', async () => {
    const port = new URL(receiver.url).port;
    const hook = (await api(t.app, 'POST', '/api/integrations/webhooks/', owner, { name: 'Flip', url: `http://hook.test:${port}/hook` })).body;
    const aQuestions = () => dns.log.filter((q) => q.startsWith(`hook.test ${T.A} `)).length;
    const first = aQuestions() + 1;
    const allowedAnswer = zone.get('hook.test')!;
    const deniedAnswer = [{ type: T.A, ttl: 0, data: rdata.a('127.0.0.2') }];
    // The first A question gets the allowed answer; any later one would get the denied address.
    zone.get = (name: string) => (name === 'hook.test' ? (aQuestions() <= first ? allowedAnswer : deniedAnswer) : undefined);
    try {
      const res = await api(t.app, 'POST', `/api/integrations/webhooks/${hook.id}/test/`, owner);
      expect(res.body).toEqual({ detail: 'Test delivery succeeded', status_code: 200 });
      expect(internal.hits()).toBe(0);
    } finally {
      zone.get = Map.prototype.get.bind(zone);
    }
  });
});
