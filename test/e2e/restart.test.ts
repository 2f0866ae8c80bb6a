/**
 * The dashboard open in headless Chromium while the server restarts gracefully (SIGTERM, then a new process on
 * the same port and data directory): it shows that it is reconnecting, then live metrics again within 10 s of
 * the server being back, and reloads what it missed meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDashboardBuilt } from '../../web/build.js';
import { OWNER_PASSWORD } from '../helpers/factories.js';
import { api, registerOwner } from '../scale/helpers/clients.js';
import { startEverystProcess, type EverystProcess } from '../scale/helpers/processes.js';
import { freePort } from '../helpers/ports.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard restart test: ${skip}`);

describe.skipIf(skip !== null)('dashboard across a server restart', { timeout: 150_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-e2e-restart-'));
  let port = 0;
  let server: EverystProcess | null = null;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let token: string;
  const start = async () => {
    server = await startEverystProcess('serve', 'e2e-restart', { EVERYST_DATA_DIR: dataDir, API_PORT: String(port), METRICS_INTERVAL_SECONDS: '1' });
  };
  const metricsTime = () => page.getByTestId('metrics-time').getAttribute('datetime');
  const status = () => page.getByRole('status').filter({ hasText: /Live|Connecting|Reconnecting|Offline/ }).textContent();

  beforeAll(async () => {
    await ensureDashboardBuilt();
    port = await freePort();
    await start();
    token = await registerOwner(server!.url, 'owen');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server!.url, 'owen', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows reconnecting, then live metrics and what it missed once the server is back', async () => {
    await expect.poll(status, { timeout: 10_000 }).toBe('Live');
    const first = await metricsTime();
    await expect.poll(metricsTime, { timeout: 10_000 }).not.toBe(first);

    expect(await server!.stop()).toBe(0);
    await expect.poll(status, { timeout: 5_000 }).toBe('Reconnecting…');
    await screenshot(page, 'restart-reconnecting');
    const beforeRestart = await metricsTime();

    await start();
    const back = Date.now();
    // Created before the page is back: no `notification` push reaches it, the reload after the reconnect must.
    const created = await api(server!.url, 'POST', '/api/notifications/', token, { title: 'While you were away', message: 'Restarted', type: 'info' });
    expect(created.status).toBe(201);
    await expect.poll(metricsTime, { timeout: 10_000, interval: 200 }).not.toBe(beforeRestart);
    expect(Date.now() - back).toBeLessThan(10_000);
    expect(await status()).toBe('Live');
    await expect.poll(() => page.getByRole('button', { name: /^Notifications,/ }).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    expect(errors).toEqual([]);
  });
});
