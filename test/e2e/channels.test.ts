/**
 * Notification channels in headless Chromium: an ntfy channel added through its kind's form (inline validation, the
 * server's field errors) pointing at a loopback receiver the test runs; "Send test" succeeding and failing (the
 * receiver answers 500); edit with the stored token kept; a monitor that picks the channel and whose down event
 * arrives and shows in the channel's deliveries; the list at phone width; disable and delete; a monitor manager
 * without can_manage_system who keeps a monitor's channels; a viewer offered no Channels page. Nothing leaves
 * 127.0.0.1.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, OWNER_PASSWORD, registerOwner, USER_PASSWORD, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] channels browser tests: ${skip}`);

const LIVE = { timeout: 20_000 };

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: Record<string, unknown> }

/** An ntfy-like receiver on loopback: records every request and answers `status` (200 until told otherwise). */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 200 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch {
        body = { raw: text };
      }
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(state.status, { 'Content-Type': 'application/json' }).end(state.status < 300 ? '{"id":"m1"}' : '{"error":"boom"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`, received, state,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A loopback port nothing listens on (a TCP monitor against it is down). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(skip !== null)('dashboard: notification channels', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let viewer: Session;
  let watcher: Session;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let channelsAvailable = false;

  const api = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: Record<string, unknown>, as: Session = owner) => {
    const res = await server.t.app.http.inject({ method, url: `/api/${url}`, headers: bearer(as), payload });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> & { results?: Array<Record<string, unknown>> } };
  };
  const channels = async () => (await api('GET', 'integrations/channels/?page_size=100')).body.results ?? [];
  const row = (name: string) => page.getByTestId('channels').locator(`li[data-channel="${name}"]`);

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'nina');
    viewer = await createUser(server.t.app, owner, 'vic', 'viewer');
    expect((await api('POST', 'roles/', { name: 'watcher', priority: 10, can_manage_monitors: true })).status).toBe(201);
    watcher = await createUser(server.t.app, owner, 'walt', 'watcher');
    channelsAvailable = (await api('GET', 'integrations/channels/kinds/')).status === 200;
    if (!channelsAvailable) console.warn('[skip] channels browser tests: the channel routes are not available on this server');
    receiver = await startReceiver();
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'nina', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await receiver?.stop().catch(() => undefined);
    await server?.close();
  });

  it('adds an ntfy channel through its form, with local and server field errors inline', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    await openFromNav(page, 'Channels');
    await page.getByText('No channels yet').waitFor();
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add channel' });
    await dialog.getByLabel('Kind').selectOption('ntfy');
    // The ntfy form: its own fields, the server prefilled with the kind's default.
    expect(await dialog.getByLabel('Server', { exact: true }).inputValue()).toBe('https://ntfy.sh');
    expect(await dialog.getByLabel('Access token', { exact: true }).getAttribute('type')).toBe('password');
    await dialog.getByLabel('Server', { exact: true }).fill('not a url');
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await dialog.getByText('Enter a name.').waitFor();
    const topic = dialog.locator('.field.invalid').filter({ has: page.getByLabel('Topic') });
    await topic.getByText('This field is required.').waitFor();
    expect(await channels()).toEqual([]);

    await dialog.getByLabel('Name', { exact: true }).fill('Lab phone');
    await dialog.getByLabel('Topic').fill('lab-alerts');
    await dialog.getByLabel('Access token', { exact: true }).fill('tk-secret-1');
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    const serverField = dialog.locator('.field.invalid').filter({ has: page.getByLabel('Server', { exact: true }) });
    await serverField.getByText('Enter a valid http or https URL.').waitFor();
    expect(await channels()).toEqual([]);

    await dialog.getByLabel('Server', { exact: true }).fill(receiver.url);
    await dialog.getByLabel('monitor.down', { exact: true }).check();
    await dialog.getByLabel('monitor.up', { exact: true }).check();
    await dialog.getByLabel('Minimum severity').selectOption('warning');
    await dialog.getByRole('button', { name: 'Add channel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('Lab phone').waitFor();
    expect(await row('Lab phone').textContent()).toContain('monitor.down, monitor.up');
    expect(await row('Lab phone').textContent()).toContain('severity ≥ warning');
    expect(await channels()).toEqual([expect.objectContaining({
      name: 'Lab phone', kind: 'ntfy', enabled: true, events: ['monitor.down', 'monitor.up'], min_severity: 'warning',
      config: expect.objectContaining({ server: receiver.url, topic: 'lab-alerts', token_set: true }),
    })]);
    expect(receiver.received).toEqual([]);
  });

  it('sends a test that the receiver gets, and shows the receiver\'s failure', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    await row('Lab phone').getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row('Lab phone').getByTestId('test-result').textContent(), LIVE).toContain('Test delivery succeeded');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]).toMatchObject({
      method: 'POST', url: '/', headers: expect.objectContaining({ authorization: 'Bearer tk-secret-1' }),
      body: expect.objectContaining({ topic: 'lab-alerts', title: 'Everyst test notification' }),
    });
    await expect.poll(() => row('Lab phone').getByTestId('last-status').textContent(), LIVE).toContain('delivered');

    receiver.state.status = 500;
    await row('Lab phone').getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row('Lab phone').getByTestId('test-result').textContent(), LIVE).toContain('ntfy error: HTTP 500');
    expect(await row('Lab phone').locator('.test-result.failed').count()).toBe(1);
    expect(receiver.received).toHaveLength(2);
    receiver.state.status = 200;
    await screenshot(page, 'channels-test-failed');
  });

  it('edits the channel: the stored token is offered as kept and stays', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    await row('Lab phone').getByRole('button', { name: 'Edit Lab phone' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit Lab phone' });
    expect(await dialog.getByLabel('Topic').inputValue()).toBe('lab-alerts');
    expect(await dialog.getByLabel('Access token', { exact: true }).inputValue()).toBe('');
    await dialog.getByText('set — leave empty to keep').waitFor();
    expect(await dialog.getByLabel('monitor.down', { exact: true }).isChecked()).toBe(true);
    await dialog.getByLabel('Name', { exact: true }).fill('Lab pager');
    await dialog.getByLabel('Topic').fill('lab-pager');
    await dialog.getByLabel('Priority').fill('9');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('A whole number from 1 to 5.').waitFor();
    await dialog.getByLabel('Priority').fill('4');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('Lab pager').waitFor();
    const [saved] = await channels();
    expect(saved).toMatchObject({ name: 'Lab pager', config: expect.objectContaining({ topic: 'lab-pager', priority: 4, token_set: true }) });

    await row('Lab pager').getByRole('button', { name: 'Send test' }).click();
    await expect.poll(() => row('Lab pager').getByTestId('test-result').textContent(), LIVE).toContain('Test delivery succeeded');
    expect(receiver.received.at(-1)).toMatchObject({
      headers: expect.objectContaining({ authorization: 'Bearer tk-secret-1' }), body: expect.objectContaining({ topic: 'lab-pager', priority: 4 }),
    });
  });

  it('picks the channel on a monitor; its down event arrives and is listed in the deliveries', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    const [channel] = await channels();
    await openFromNav(page, 'Monitors');
    await page.getByRole('button', { name: 'Add monitor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add monitor' });
    await dialog.getByLabel('Monitor type').selectOption('tcp');
    await dialog.getByLabel('Name', { exact: true }).fill('Closed port');
    await dialog.getByLabel('Host or IP').fill('127.0.0.1');
    await dialog.getByLabel('Port').fill(String(await closedPort()));
    await dialog.getByLabel('Interval (s)', { exact: true }).fill('2');
    const picker = dialog.getByRole('group', { name: 'Notification channels' });
    await picker.getByLabel('Lab pager').check();
    await dialog.getByRole('button', { name: 'Add monitor' }).click();
    await dialog.waitFor({ state: 'detached' });
    const monitors = (await api('GET', 'monitors/')).body.results ?? [];
    expect(monitors).toEqual([expect.objectContaining({ name: 'Closed port', channels: [channel.id] })]);

    await expect.poll(() => receiver.received.some((r) => String(r.body.title).includes('Closed port')), LIVE).toBe(true);
    const down = receiver.received.find((r) => String(r.body.title).includes('Closed port'));
    expect(down).toMatchObject({ method: 'POST', body: expect.objectContaining({ topic: 'lab-pager', priority: 4 }) });

    // The edit form shows the channel chosen.
    await page.locator('tr[data-monitor="Closed port"]').getByRole('link', { name: 'Closed port' }).click();
    await page.getByRole('heading', { name: 'Closed port', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Closed port' });
    expect(await edit.getByRole('group', { name: 'Notification channels' }).getByLabel('Lab pager').isChecked()).toBe(true);
    await edit.getByRole('button', { name: 'Cancel' }).click();

    await openFromNav(page, 'Channels');
    await row('Lab pager').getByRole('button', { name: 'Deliveries' }).click();
    const deliveries = row('Lab pager').getByTestId('deliveries');
    await expect.poll(async () => {
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
      return deliveries.locator('li[data-status="delivered"]').filter({ hasText: 'monitor.down' }).count();
    }, LIVE).toBe(1);
    expect(await deliveries.textContent()).toMatch(/1 attempt/);
    await screenshot(page, 'channels-deliveries');
  });

  it('adds an alert rule that sends to the channel, with local and server field errors inline', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    const [channel] = await channels();
    await openFromNav(page, 'Alert rules');
    const builtin = page.getByTestId('alert-rules').locator('li', { hasText: 'built-in' }).first();
    await builtin.waitFor();
    expect(await builtin.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Add rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add alert rule' });
    await dialog.getByLabel('Name', { exact: true }).fill('Root disk');
    await dialog.getByLabel('Metric').selectOption('filesystem_usage');
    await dialog.getByLabel('Target').fill('etc');
    await dialog.getByLabel('Warning threshold').fill('85');
    await dialog.getByLabel('Critical threshold').fill('80');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.getByText('At least the warning threshold.').waitFor();
    await dialog.getByLabel('Critical threshold').fill('95');
    await dialog.getByRole('group', { name: 'Notification channels' }).getByLabel('Lab pager').check();
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    const target = dialog.locator('.field.invalid').filter({ has: page.getByLabel('Target') });
    await target.getByText('Enter a mount point (an absolute path).').waitFor();
    await dialog.getByLabel('Target').fill('/');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    const item = page.getByTestId('alert-rules').locator('li[data-rule="Root disk"]');
    await item.getByTestId('rule-channels').getByText('Channels: Lab pager').waitFor();
    await screenshot(page, 'alert-rules');
    const rules = (await api('GET', 'alert-rules/?page_size=200')).body.results ?? [];
    expect(rules.find((r) => r.name === 'Root disk')).toMatchObject({
      metric: 'filesystem_usage', target: '/', warning_threshold: 85, critical_threshold: 95, channels: [channel.id],
    });

    await item.getByRole('button', { name: 'Edit Root disk' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Root disk' });
    const box = edit.getByRole('group', { name: 'Notification channels' }).getByLabel('Lab pager');
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await item.getByTestId('rule-channels').getByText('Channels: by their event filters').waitFor();
    expect((await api('GET', 'alert-rules/?page_size=200')).body.results?.find((r) => r.name === 'Root disk')).toMatchObject({ channels: [] });
    await openFromNav(page, 'Channels');
  });

  it('fits the list in 390 px without a horizontal scrollbar', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/settings/channels`);
    await page.getByRole('heading', { name: 'Channels', level: 1 }).waitFor();
    await row('Lab pager').getByRole('button', { name: 'Deliveries' }).click();
    await row('Lab pager').getByTestId('deliveries').locator('li').first().waitFor();
    const widths = await page.evaluate(`({
      page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
      list: document.querySelector('[data-testid="channels"]').getBoundingClientRect().right,
    })`) as { page: number; view: number; list: number };
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(widths.list).toBeLessThanOrEqual(widths.view);
    await screenshot(page, 'channels-390');
    await page.getByRole('button', { name: 'Add channel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add channel' });
    await dialog.getByLabel('Kind').selectOption('webhook');
    await dialog.getByLabel('JSON body template').waitFor();
    expect(await dialog.getByLabel('Topic').count()).toBe(0);
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await screenshot(page, 'channel-form-390');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.setViewportSize({ width: 1360, height: 900 });
  });

  it('disables the channel with its toggle and deletes it after confirming', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    const toggle = row('Lab pager').getByRole('switch', { name: 'Enabled' });
    await toggle.uncheck();
    await row('Lab pager').getByText('disabled', { exact: true }).waitFor();
    expect(await channels()).toEqual([expect.objectContaining({ name: 'Lab pager', enabled: false })]);

    await row('Lab pager').getByRole('button', { name: 'Delete Lab pager' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete channel' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await channels()).toHaveLength(1);
    await row('Lab pager').getByRole('button', { name: 'Delete Lab pager' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No channels yet').waitFor();
    expect(await channels()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps a monitor\'s channels when a monitor manager without can_manage_system edits it', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    const created = await api('POST', 'integrations/channels/', { name: 'Kept', kind: 'ntfy', config: { server: receiver.url, topic: 'kept' } });
    expect(created.status).toBe(201);
    const [monitor] = (await api('GET', 'monitors/')).body.results ?? [];
    expect((await api('PATCH', `monitors/${String(monitor.id)}/`, { channels: [created.body.id] })).status).toBe(200);
    const other = await launchBrowser();
    try {
      const wp = await other.newPage();
      const wpErrors = pageErrors(wp);
      await signIn(wp, server.url, watcher.username, USER_PASSWORD);
      expect(await wp.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).count()).toBe(0);
      await openFromNav(wp, 'Monitors');
      await wp.getByRole('link', { name: 'Closed port' }).click();
      await wp.getByRole('button', { name: 'Edit', exact: true }).click();
      const dialog = wp.getByRole('dialog', { name: 'Edit Closed port' });
      await dialog.getByLabel('Retries').waitFor();
      expect(await dialog.getByRole('group', { name: 'Notification channels' }).count()).toBe(0);
      await dialog.getByLabel('Retries').fill('1');
      await dialog.getByRole('button', { name: 'Save' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(wpErrors).toEqual([]);
    } finally {
      await other.close();
    }
    expect((await api('GET', `monitors/${String(monitor.id)}/`)).body).toMatchObject({ retries: 1, channels: [created.body.id] });
  });

  it('offers a viewer no Channels page', async (ctx) => {
    if (!channelsAvailable) ctx.skip();
    const other = await launchBrowser();
    try {
      const vp = await other.newPage();
      await signIn(vp, server.url, viewer.username, USER_PASSWORD);
      expect(await vp.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).count()).toBe(0);
      await vp.goto(`${server.url}/settings/channels`);
      await vp.getByTestId('forbidden').waitFor();
      expect((await api('GET', 'integrations/channels/', undefined, viewer)).status).toBe(403);
    } finally {
      await other.close();
    }
  });
});
