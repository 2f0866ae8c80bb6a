/**
 * Uptime monitors in headless Chromium: an HTTP monitor created through the form against a loopback server the
 * test runs, going up and then down live in the list; pause and resume; a status page made in its editor and read
 * signed out; a viewer who is offered no actions; and the list at phone width without sideways scrolling.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, OWNER_PASSWORD, registerOwner, USER_PASSWORD, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] monitors browser tests: ${skip}`);

const LIVE = { timeout: 20_000 };

/** A plain HTTP server on loopback that answers 200 "ok" until it is stopped. */
async function startTarget(): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/health`, server,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe.skipIf(skip !== null)('dashboard: uptime monitors', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let viewer: Session;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let monitorsAvailable = false;

  const api = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const res = await server.t.app.http.inject({ method, url: `/api/${url}`, headers: bearer(owner), payload });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };
  const row = (name: string) => page.getByTestId('monitors-table').locator(`tr[data-monitor="${name}"]`);
  const statusOf = (name: string) => row(name).getByTestId('monitor-status').textContent();

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'mona');
    viewer = await createUser(server.t.app, owner, 'vic', 'viewer');
    monitorsAvailable = (await api('GET', 'monitors/summary/')).status === 200;
    if (!monitorsAvailable) console.warn('[skip] monitors browser tests: the monitor routes are not available on this server');
    target = await startTarget();
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'mona', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await target?.stop().catch(() => undefined);
    await server?.close();
  });

  it('creates an HTTP monitor through the form, with inline validation, and sees it go up live', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    await openFromNav(page, 'Monitors');
    await page.getByText('No monitors yet').waitFor();
    await page.getByRole('button', { name: 'Add monitor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add monitor' });
    await dialog.getByLabel('Name', { exact: true }).fill('Loopback web');
    await dialog.getByLabel('URL').fill('not a url');
    await dialog.getByRole('button', { name: 'Add monitor' }).click();
    await dialog.getByText('Enter a URL starting with http:// or https://.').waitFor();
    expect(await api('GET', 'monitors/')).toMatchObject({ body: { count: 0 } });

    await dialog.getByLabel('URL').fill(target.url);
    await dialog.getByLabel('Interval (s)', { exact: true }).fill('2');
    await dialog.getByLabel('Tags').fill('lab, web');
    await dialog.getByRole('button', { name: 'Add monitor' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('Loopback web').waitFor();
    expect(await row('Loopback web').textContent()).toContain(target.url);
    await expect.poll(() => statusOf('Loopback web'), LIVE).toBe('up');
    await expect.poll(() => page.getByTestId('summary-up').textContent(), LIVE).toBe('1');
    await expect.poll(() => row('Loopback web').getByTestId('last-response').textContent(), LIVE).toMatch(/^\d+ ms$/);
    await screenshot(page, 'monitors-up');
  });

  it('shows the server\'s field error next to the field (a name already taken)', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    await page.getByRole('button', { name: 'Add monitor' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add monitor' });
    await dialog.getByLabel('Monitor type').selectOption('tcp');
    await dialog.getByLabel('Name', { exact: true }).fill('loopback WEB');
    await dialog.getByLabel('Host or IP').fill('127.0.0.1');
    await dialog.getByLabel('Port').fill('9');
    await dialog.getByRole('button', { name: 'Add monitor' }).click();
    const name = dialog.locator('.field.invalid').filter({ has: page.getByLabel('Name', { exact: true }) });
    await name.getByText(/already exists/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect((await api('GET', 'monitors/')).body.count).toBe(1);
  });

  it('sees the monitor go down live when its target stops', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    await target.stop();
    await expect.poll(() => statusOf('Loopback web'), LIVE).toBe('down');
    await expect.poll(() => page.getByTestId('summary-down').textContent(), LIVE).toBe('1');
    await page.getByLabel('Filter by status').selectOption('down');
    await expect.poll(() => page.getByTestId('monitors-table').locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Filter by status').selectOption('up');
    await page.getByText('No monitor matches these filters').waitFor();
    await page.getByLabel('Filter by status').selectOption('');
    await page.getByLabel('Search monitors').fill('nothing-like-this');
    await page.getByText('No monitor matches these filters').waitFor();
    await page.getByLabel('Search monitors').fill('loopback');
    await row('Loopback web').waitFor();
    await screenshot(page, 'monitors-down');
  });

  it('pauses and resumes the monitor from its page, which shows its checks and incidents', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    await row('Loopback web').getByRole('link', { name: 'Loopback web' }).click();
    await page.getByRole('heading', { name: 'Loopback web', level: 1 }).waitFor();
    await page.getByTestId('heartbeats').getByText('down').first().waitFor(LIVE);
    await page.getByTestId('incidents').getByText('Down now').waitFor(LIVE);
    const status = page.locator('.monitor-facts').getByTestId('monitor-status');
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => status.textContent()).toBe('paused');
    expect((await api('GET', 'monitors/')).body.results).toEqual([expect.objectContaining({ name: 'Loopback web', active: false, status: 'paused' })]);
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    // The target is still stopped: once checked again, the monitor is down, not paused.
    await expect.poll(() => status.textContent(), LIVE).toBe('down');
    await screenshot(page, 'monitor-page');
  });

  it('publishes a status page from its editor, and the public page shows it signed out', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    await openFromNav(page, 'Status pages');
    await page.getByRole('button', { name: 'New status page' }).click();
    const dialog = page.getByRole('dialog', { name: 'New status page' });
    await dialog.getByLabel('Title').fill('Lab services');
    await dialog.getByLabel('Slug').fill('lab');
    await dialog.getByLabel('Description').fill('What the lab runs');
    await dialog.getByRole('button', { name: 'Add Loopback web' }).click();
    await dialog.getByLabel('Footer').fill('Run by the lab team');
    await dialog.getByLabel(/Published \(anyone/).check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('status-pages').getByRole('link', { name: '/status/lab' }).waitFor();

    const anonymous = await launchBrowser();
    try {
      const pub = await anonymous.newPage();
      const pubErrors = pageErrors(pub);
      await pub.goto(`${server.url}/status/lab`);
      await pub.getByRole('heading', { name: 'Lab services', level: 1 }).waitFor();
      expect(pub.url()).toBe(`${server.url}/status/lab`);
      await pub.getByText('What the lab runs').waitFor();
      const item = pub.locator('li[data-monitor="Loopback web"]');
      await item.waitFor();
      expect(await item.getByTestId('monitor-status').textContent()).toBe('down');
      expect(await item.getByTestId('uptime-bars').locator('.uptime-bar').count()).toBe(90);
      expect(await item.textContent()).toMatch(/24 h \d/);
      expect(await pub.getByTestId('overall').textContent()).toBe('Major outage');
      await pub.getByText('Run by the lab team').waitFor();
      expect(await pub.content()).not.toContain(target.url);
      await screenshot(pub, 'public-status');
      await pub.goto(`${server.url}/status/no-such-page`);
      await pub.getByRole('heading', { name: 'Status page not found' }).waitFor();
      expect(pubErrors).toEqual([]);
    } finally {
      await anonymous.close();
    }
  });

  it('offers a viewer no monitor actions', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    const other = await launchBrowser();
    try {
      const vp = await other.newPage();
      await signIn(vp, server.url, viewer.username, USER_PASSWORD);
      await openFromNav(vp, 'Monitors');
      await vp.locator('tr[data-monitor="Loopback web"]').waitFor();
      expect(await vp.getByRole('button', { name: 'Add monitor' }).count()).toBe(0);
      await vp.getByRole('link', { name: 'Loopback web' }).click();
      await vp.getByRole('heading', { name: 'Loopback web', level: 1 }).waitFor();
      for (const name of ['Pause', 'Resume', 'Check now', 'Edit', 'Delete']) expect(await vp.getByRole('button', { name, exact: true }).count()).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('fits the list in 390 px without a horizontal scrollbar', async (ctx) => {
    if (!monitorsAvailable) ctx.skip();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/monitors`);
    await page.getByRole('heading', { name: 'Monitors', level: 1 }).waitFor();
    await row('Loopback web').waitFor();
    const widths = await page.evaluate(`({
      page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
      table: document.querySelector('[data-testid="monitors-table"]').getBoundingClientRect().right,
    })`) as { page: number; view: number; table: number };
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(widths.table).toBeLessThanOrEqual(widths.view);
    await screenshot(page, 'monitors-390');
    await page.setViewportSize({ width: 1360, height: 900 });
    expect(errors).toEqual([]);
  });
});
