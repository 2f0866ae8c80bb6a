/**
 * A network scan started from the dashboard in headless Chromium: progress bar, cancel, then a scan that
 * finds the hosts of a namespace test network. Scans may touch 10.213.130.0/24 only; names are not resolved.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD, registerOwner } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, signIn } from './helpers/ui.js';

const SUBNET = 130;
const CIDR = `10.213.${SUBNET}.0/24`;
const ip = (octet: number) => `10.213.${SUBNET}.${octet}`;
const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard scan test: ${skip}`);

const describeScan = skip ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${skip})`, body) : describeNetns;

describeScan('dashboard: scanning a namespace network', () => {
  let net: TestNetwork;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let networkAvailable = false;

  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: SUBNET,
      hosts: [
        { octet: 10, mac: '00:1b:21:aa:30:10', listeners: [{ port: 22, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' }] },
        { octet: 20, mac: 'b8:27:eb:aa:30:20', listeners: [{ port: 80, reply: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok' }] },
      ],
    });
    server = await startServer({ SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false', SCAN_EXCLUDE_INTERFACES: 'docker*' });
    await registerOwner(server.t.app, 'sam');
    const probe = await server.t.app.http.inject({ method: 'GET', url: '/api/network/scans/latest/' });
    networkAvailable = probe.statusCode !== 404 || probe.json<{ detail: string }>().detail !== 'Not found.';
    if (!networkAvailable) console.warn('[skip] dashboard scan test: the network module is not available on this server');
    browser = await launchBrowser();
    page = await browser.newPage();
    await signIn(page, server.url, 'sam', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await net?.destroy();
  });

  const progressText = () => page.getByTestId('scan-progress').getByRole('status').textContent();

  it('shows the progress of a scan and cancels it', async (ctx) => {
    if (!networkAvailable) ctx.skip();
    await openFromNav(page, 'Network map');
    await page.getByLabel('Scan type').selectOption('full');
    await page.getByLabel('Networks (optional)').fill(CIDR);
    await page.getByRole('button', { name: 'Start scan' }).click();
    await page.getByRole('progressbar', { name: 'Scan progress' }).waitFor();
    await page.getByRole('button', { name: 'Cancel scan' }).click();
    await expect.poll(progressText, { timeout: 20_000 }).toContain('Scan was cancelled by user');
    await page.getByRole('button', { name: 'Start scan' }).waitFor();
    await page.getByRole('listitem').filter({ hasText: 'cancelled' }).first().waitFor();
  });

  it('runs a basic scan to the end and lists the hosts it found', async (ctx) => {
    if (!networkAvailable) ctx.skip();
    await page.getByLabel('Scan type').selectOption('basic');
    await page.getByRole('button', { name: 'Start scan' }).click();
    const bar = page.getByRole('progressbar', { name: 'Scan progress' });
    await bar.waitFor();
    const seen = new Set<number>();
    await expect.poll(async () => {
      seen.add(Number(await bar.getAttribute('aria-valuenow')));
      return progressText();
    }, { timeout: 120_000, interval: 250 }).toContain('Scan completed');
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    expect([...seen].some((p) => p > 0 && p < 100)).toBe(true);
    const map = page.getByRole('group', { name: /^Network map:/ });
    await map.getByRole('button', { name: new RegExp(ip(10).replace(/\./g, '\\.')) }).waitFor();
    await screenshot(page, 'network-scan');

    await openFromNav(page, 'Devices');
    const table = page.getByTestId('devices-table');
    const row = (octet: number) => table.locator('tbody tr', { has: page.getByRole('cell', { name: ip(octet), exact: true }) });
    await expect.poll(() => row(10).textContent()).toContain('22/ssh');
    expect(await row(10).textContent()).toContain('00:1b:21:aa:30:10');
    expect(await row(20).textContent()).toContain('Raspberry Pi');
    await screenshot(page, 'devices-scanned');
  });
});
