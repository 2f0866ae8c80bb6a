/**
 * Scan schedules and the new-devices queue in headless Chromium: a schedule created from the dashboard scans a
 * namespace LAN by itself, and the host it finds waits in the review queue until it is named, grouped and
 * acknowledged. Scans may touch 10.213.210.0/24 only (SCAN_ALLOWED_NETWORKS); names are not resolved.
 */
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OWNER_PASSWORD, registerOwner, type Session } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startClockedServer, type ClockedServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const SUBNET = 210;
const CIDR = `10.213.${SUBNET}.0/24`;
// .8/29 (.8–.15) leaves out the server's own .1: only the test host answers, so a run takes seconds.
const RANGE = `10.213.${SUBNET}.8/29`;
const HOST = `10.213.${SUBNET}.10`;
const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard schedules test: ${skip}`);
const describeSchedules = skip ? (name: string, body: () => void) => describe.skip(`${name} (skipped: ${skip})`, body) : describeNetns;

describeSchedules('dashboard: a scan schedule fills the review queue', () => {
  let net: TestNetwork;
  let server: ClockedServer;
  let browser: Browser;
  let page: Page;
  let owner: Session;
  let errors: string[];

  const get = async (url: string) => (await server.t.app.http.inject({ method: 'GET', url: `/api/${url}`, headers: bearer(owner) })).json();

  beforeAll(async () => {
    net = await createTestNetwork({ subnet: SUBNET, hosts: [{ octet: 10, mac: 'b8:27:eb:aa:d2:10' }] });
    server = await startClockedServer({ SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false', SCAN_EXCLUDE_INTERFACES: 'docker*' });
    owner = await registerOwner(server.t.app, 'sam');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'sam', OWNER_PASSWORD);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await net?.destroy();
  });

  it('refuses a range outside the allowed networks next to the field, then creates the schedule', async () => {
    await openFromNav(page, 'Scan schedules');
    await page.getByText('No schedules yet').waitFor();
    await page.getByRole('button', { name: 'Add schedule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add scan schedule' });
    await dialog.getByLabel('Name').fill('Test LAN');
    await dialog.getByLabel('Networks').fill('10.213.211.0/24');
    await dialog.getByLabel('Scan type').selectOption('basic');
    await dialog.getByLabel('Every (minutes)').fill('5');
    await dialog.getByRole('button', { name: 'Add schedule' }).click();
    await expect.poll(() => dialog.locator('.field.invalid').first().textContent()).toMatch(/allowed|SCAN_ALLOWED_NETWORKS/i);
    await dialog.getByLabel('Networks').fill(RANGE);
    await dialog.getByRole('button', { name: 'Add schedule' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByTestId('schedules').locator('li', { hasText: 'Test LAN' });
    await expect.poll(() => row.textContent()).toContain(RANGE);
    expect(await row.textContent()).toContain('every 5 min');
    expect(await row.getByTestId('schedule-times').textContent()).toMatch(/Last run: never · Next run: \d/);
  });

  it('runs by itself when due; the host it finds appears in the review queue', async () => {
    expect(await page.getByTestId('review-queue').count()).toBe(0);
    server.clock.advance(5);
    const queue = page.getByTestId('review-queue');
    const hostRow = queue.locator('li', { hasText: HOST });
    await hostRow.waitFor({ timeout: 90_000 });
    expect(await hostRow.textContent()).toContain('b8:27:eb:aa:d2:10');
    expect(await hostRow.textContent()).toContain('Raspberry Pi');
    const schedule = page.getByTestId('schedules').locator('li', { hasText: 'Test LAN' });
    await expect.poll(() => schedule.getByTestId('schedule-times').textContent(), { timeout: 20_000 }).toContain('Last run: just now');
    await screenshot(page, 'scan-schedules');
  });

  it('names, groups and acknowledges the new host, which leaves the queue', async () => {
    await page.getByLabel(`Name of ${HOST}`).fill('Kitchen Pi');
    await page.getByLabel(`Groups of ${HOST}`).fill('IoT');
    await page.getByRole('button', { name: `Acknowledge ${HOST}` }).click();
    await page.getByText('Nothing to review').waitFor();
    const devices = (await get('network/devices/?page_size=50')).results as Array<Record<string, unknown>>;
    expect(devices.find((d) => d.ip === HOST)).toMatchObject({ label: 'Kitchen Pi', groups: ['IoT'], reviewed: true });
  });

  it('shows the presence of the host on its page, and an offline session after its misses', async () => {
    const scheduleId = ((await get('network/schedules/')).results as Array<{ id: string }>)[0].id;
    /** Moves the clock to the next run and waits until the scan it starts has finished. */
    const nextRun = async () => {
      const before = (await get(`network/schedules/${scheduleId}/`)).last_scan_id;
      server.clock.advance(5);
      await expect.poll(async () => (await get(`network/schedules/${scheduleId}/`)).last_scan_id, { timeout: 10_000 }).not.toBe(before);
      const scanId = (await get(`network/schedules/${scheduleId}/`)).last_scan_id;
      await expect.poll(async () => (await get(`network/scans/${scanId}/`)).status, { timeout: 90_000 }).toBe('completed');
    };
    await openFromNav(page, 'Devices');
    await page.getByRole('row').filter({ hasText: HOST }).getByRole('link', { name: 'Kitchen Pi' }).click();
    await page.getByRole('heading', { name: 'Kitchen Pi', level: 1 }).waitFor();
    const sessions = page.getByTestId('presence').locator('li');
    await expect.poll(() => sessions.allTextContents()).toEqual([expect.stringMatching(/^online.*→ now/)]);

    execFileSync('ip', ['-n', net.hosts[0].namespace, 'link', 'set', 'eth0', 'down']);
    execFileSync('ip', ['neigh', 'flush', 'dev', net.serverInterface]);
    await nextRun();
    await nextRun();
    await expect.poll(() => sessions.allTextContents(), { timeout: 10_000 }).toEqual([
      expect.stringMatching(/^offline.*→ now/), expect.stringMatching(/^online.*→ \d/),
    ]);
    expect(await page.locator('.device-badges').textContent()).toContain('offline');
    await screenshot(page, 'device-presence');
    await openFromNav(page, 'Scan schedules');
  });

  it('disables and deletes the schedule', async () => {
    const row = page.getByTestId('schedules').locator('li', { hasText: 'Test LAN' });
    await row.getByRole('switch').uncheck();
    await expect.poll(() => row.textContent()).toContain('disabled');
    expect(await row.getByTestId('schedule-times').textContent()).toContain('Next run: none');
    await row.getByRole('button', { name: 'Delete Test LAN' }).click();
    await page.getByRole('dialog', { name: 'Delete schedule' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No schedules yet').waitFor();
    expect(errors).toEqual([]);
  });
});
