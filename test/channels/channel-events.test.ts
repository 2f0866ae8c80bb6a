import { createServer, type Server } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { freePort } from '../helpers/ports.js';
import { api, startReceiver, startSmtpServer, waitFor, type Json } from '../notifications/helpers.js';
import { EventBus } from '../../src/realtime/bus.js';
import type { ChannelEvent } from '../../src/realtime/channel-events.js';
import { ScanNotifier } from '../../src/modules/network/scan-notifier.js';
import type { Device } from '../../src/modules/network/devices.repository.js';

describe('channel events from their producers', () => {
  let t: TestApp;
  let owner: Session;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const call = (method: Parameters<typeof api>[1], url: string, payload?: unknown) => api(t.app, method, url, owner, payload);
  const deliveriesOf = async (channelId: string) =>
    (await call('GET', `/api/notifications/deliveries/?channel_id=${channelId}&page_size=100`)).body.results as Json[];

  beforeAll(async () => {
    receiver = await startReceiver([200]);
    smtp = await startSmtpServer();
    t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1', DELIVERY_RETRY_DELAYS: '1', PUBLIC_URL: 'http://everyst.test:8000' });
    await t.app.listen();
    owner = await registerOwner(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
    await smtp?.close();
  });

  it("sends a monitor's down and up to the monitor's own channels only, linking to its page", async () => {
    const own = (await call('POST', '/api/integrations/channels/', { name: 'On call', kind: 'webhook', config: { url: receiver.url } })).body;
    const bystander = (await call('POST', '/api/integrations/channels/', { name: 'Everything', kind: 'webhook', config: { url: receiver.url } })).body;
    const port = await freePort();
    const monitor = (await call('POST', '/api/monitors/', { name: 'Database port', type: 'tcp', target: '127.0.0.1', port, interval_s: 1, timeout_s: 0.5, channels: [own.id] })).body;
    expect(monitor.channels).toEqual([own.id]);
    await waitFor(async () => (await deliveriesOf(own.id)).some((d) => d.event === 'monitor.down' && d.status === 'delivered'), 15_000);

    let listener: Server | null = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => listener!.listen(port, '127.0.0.1', resolve));
    await waitFor(async () => (await deliveriesOf(own.id)).some((d) => d.event === 'monitor.up' && d.status === 'delivered'), 15_000);
    await call('DELETE', `/api/monitors/${monitor.id}/`);
    await new Promise((resolve) => listener!.close(resolve));
    listener = null;

    expect((await deliveriesOf(bystander.id)).filter((d) => d.event?.startsWith('monitor.'))).toEqual([]);
    const down = receiver.requests.map((r) => JSON.parse(r.body) as Json).find((b) => b.event === 'monitor.down');
    expect(down).toMatchObject({ title: 'Database port is down', severity: 'error', source: 'monitor', url: `http://everyst.test:8000/monitors/${monitor.id}` });
    for (const c of [own, bystander]) await call('DELETE', `/api/integrations/channels/${c.id}/`);
  }, 40_000);

  it('emails through the SMTP integration: the title as subject, the message and the link as text', async () => {
    await call('PUT', '/api/integrations/smtp/', { host: '127.0.0.1', port: smtp.port, security: 'none', from_email: 'everyst@example.com' });
    const channel = (await call('POST', '/api/integrations/channels/', { name: 'Ops mail', kind: 'email', config: { to: ['ops@example.net', 'lead@example.net'] }, events: ['notification'] })).body;
    expect((await call('POST', '/api/integrations/channels/', { name: 'Bad mail', kind: 'email', config: { to: ['not-an-address'] } })).body)
      .toMatchObject({ 'config.to': ['"not-an-address" is not an email address.'] });
    await call('POST', '/api/notifications/', { title: 'Certificates renewed', message: 'All 4 hosts.', type: 'success', is_system: true });
    await waitFor(() => smtp.mails.some((m) => m.mail.subject === 'Certificates renewed'), 15_000);
    const mail = smtp.mails.find((m) => m.mail.subject === 'Certificates renewed')!;
    expect(mail.envelopeTo.sort()).toEqual(['lead@example.net', 'ops@example.net']);
    expect(mail.mail.text).toContain('All 4 hosts.');
    expect(mail.mail.text).toContain('http://everyst.test:8000/notifications');
    await waitFor(async () => (await deliveriesOf(channel.id))[0]?.status === 'delivered');
    expect((await call('GET', `/api/integrations/channels/${channel.id}/`)).body.last_status).toBe('delivered');
  }, 30_000);
});

describe('the scanner as a producer', () => {
  const device = (id: string, label: string, ip: string): Device => ({ id, label, ip, vendor: 'Acme', isIgnored: false }) as unknown as Device;

  it('emits device.new, device.offline and device.online (a recovery ranks as the problem), and scan.completed for every scan', async () => {
    const bus = new EventBus();
    const seen: ChannelEvent[] = [];
    bus.on('notify', (e) => seen.push(e));
    const notifier = new ScanNotifier(null, pino({ level: 'silent' }), bus);
    await notifier.devices({ created: [device('a', 'Printer', '10.213.0.5')], wentOffline: [device('b', 'NAS', '10.213.0.6')], backOnline: [device('c', 'Camera', '10.213.0.7')], firstScan: false });
    await notifier.outcome({ status: 'completed', startedBy: null, discoveredDevices: 3, newDevices: 1, offlineDevices: 1 } as never);
    expect(seen.map((e) => [e.event, e.severity, e.ranksAs ?? null, e.title])).toEqual([
      ['device.new', 'info', null, 'New Device Discovered'],
      ['device.offline', 'warning', null, 'Device Offline'],
      ['device.online', 'info', 'warning', 'Device Back Online'],
      ['scan.completed', 'info', null, 'Network Scan Complete'],
    ]);
    expect(seen[0].message).toBe('Printer (10.213.0.5, Acme) joined the network.');
  });
});
