/**
 * The first-run flow in headless Chromium offers a scan schedule for the networks the server sits on, limited
 * to SCAN_ALLOWED_NETWORKS, and creates nothing until the owner accepts. The server's side of a namespace LAN
 * (10.213.240.0/24, the only range this file may touch) is the one allowed network; a second server whose
 * allowed network matches none of its interfaces offers nothing. No scan runs: the schedules read a test clock
 * that is never moved on.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OWNER_PASSWORD } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startClockedServer, type ClockedServer } from './helpers/server.js';
import { pageErrors } from './helpers/ui.js';

const CIDR = '10.213.240.0/24';
const SERVER_ENV = { SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false', SCAN_EXCLUDE_INTERFACES: 'docker*' };
const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard first-run schedule test: ${skip}`);
const describeBrowser = skip ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${skip})`, body) : describe;
const describeLan = skip ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${skip})`, body) : describeNetns;

async function createOwner(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
  await page.getByLabel('Username').fill('olga');
  await page.getByLabel('Email').fill('olga@example.com');
  await page.getByLabel('Password', { exact: true }).fill(OWNER_PASSWORD);
  await page.getByLabel('Confirm password').fill(OWNER_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Keep the inventory current', level: 1 }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/welcome');
}

function apiAs(server: ClockedServer) {
  let token = '';
  return async (url: string) => {
    if (!token) {
      const login = await server.t.app.http.inject({ method: 'POST', url: '/api/auth/login/', payload: { username: 'olga', password: OWNER_PASSWORD } });
      token = login.json<{ access: string }>().access;
    }
    const res = await server.t.app.http.inject({ method: 'GET', url: `/api/${url}`, headers: bearer({ access: token }) });
    expect(res.statusCode).toBe(200);
    return res.json<{ count: number; results: Array<Record<string, unknown>> }>();
  };
}

// Runs before the namespace LAN exists: no interface of the server is inside the allowed network.
describeBrowser('dashboard first run: no detected network is allowed', () => {
  let server: ClockedServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startClockedServer(SERVER_ENV);
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('says so, offers no schedule, and goes on to the dashboard', async () => {
    await createOwner(page, server.url);
    const none = page.getByTestId('first-scan-none');
    await none.waitFor();
    expect(await none.textContent()).toContain('SCAN_ALLOWED_NETWORKS');
    expect(await page.getByTestId('first-scan-offer').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Create schedule' }).count()).toBe(0);
    await screenshot(page, 'first-run-no-network');
    await page.getByRole('link', { name: 'Continue to the dashboard' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const get = apiAs(server);
    expect((await get('network/schedules/')).count).toBe(0);
    expect((await get('network/scans/')).count).toBe(0);
    expect(errors).toEqual([]);
  });
});

describeLan('dashboard first run: a scan schedule for the detected network', () => {
  let net: TestNetwork;
  let server: ClockedServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let get: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    net = await createTestNetwork({ subnet: 240, hosts: [{ octet: 10, mac: 'b8:27:eb:aa:f0:10' }] });
    server = await startClockedServer(SERVER_ENV);
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    get = apiAs(server);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await net?.destroy();
  });

  it('offers only the allowed network and creates nothing before the owner accepts', async () => {
    expect(net.cidr).toBe(CIDR);
    await createOwner(page, server.url);
    const offer = page.getByTestId('first-scan-offer');
    await offer.waitFor();
    // The server has other networks (its real interfaces); only the namespace LAN is inside the allowed list.
    const choices = offer.getByRole('checkbox');
    expect(await choices.count()).toBe(1);
    expect((await offer.locator('label.check').textContent())?.trim()).toBe(CIDR);
    expect(await choices.first().isChecked()).toBe(true);
    await screenshot(page, 'first-run-schedule-offer');
    // A moment on the page changes nothing: the offer is only an offer.
    await page.waitForTimeout(500);
    expect((await get('network/schedules/')).count).toBe(0);
    expect((await get('network/scans/')).count).toBe(0);
  });

  it('creates the schedule when accepted, and still scans nothing until it is due', async () => {
    await page.getByLabel('Repeat').selectOption('360');
    await page.getByRole('button', { name: 'Create schedule' }).click();
    await page.getByRole('heading', { name: 'Scan schedules', level: 1 }).waitFor();
    const row = page.getByTestId('schedules').locator('li', { hasText: 'Local network' });
    await expect.poll(() => row.textContent()).toContain(CIDR);
    expect(await row.textContent()).toContain('every 6 h');
    const schedules = (await get('network/schedules/')).results;
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ ip_range: CIDR, scan_type: 'basic', every_minutes: 360, enabled: true, last_run_at: null });
    expect((await get('network/scans/')).count).toBe(0);
    await screenshot(page, 'first-run-schedule-created');
    expect(errors).toEqual([]);
  });
});
