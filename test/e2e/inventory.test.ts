/**
 * The inventory in headless Chromium without network traffic (devices created through the REST API): the device
 * page, groups (create, rename, filter), merge, delete and the CSV/JSON export downloads.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OWNER_PASSWORD, registerOwner, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard inventory tests: ${skip}`);

describe.skipIf(skip !== null)('dashboard: device page, groups, merge, delete and export', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;

  const api = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const res = await server.t.app.http.inject({ method, url: `/api/${url}`, headers: bearer(owner), payload });
    return res.json() as Record<string, unknown>;
  };
  const devices = async () => (await api('GET', 'network/devices/?page_size=50')).results as Array<Record<string, unknown>>;
  const labels = () => page.getByTestId('devices-table').locator('tbody tr td:nth-child(2) strong').allTextContents();

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'nina');
    await api('POST', 'network/devices/', { label: 'nas', type: 'server', ip: '10.0.0.20', mac: '00:11:32:00:00:20', groups: ['Office'] });
    await api('POST', 'network/devices/', { label: 'printer', type: 'other', ip: '10.0.0.3', mac: '00:00:48:00:00:03', groups: ['Office'] });
    await api('POST', 'network/devices/', { label: 'phone', type: 'other', ip: '10.0.0.50', mac: 'da:a1:19:00:00:50' });
    await api('POST', 'network/devices/', { label: 'phone (old address)', type: 'other', ip: '10.0.0.51', mac: 'da:a1:19:00:00:51', tags: ['mobile'] });
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'nina', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows a device page with first/last seen, the randomised-MAC badge and the changes of an edit', async () => {
    await openFromNav(page, 'Devices');
    const phoneRow = page.getByRole('row').filter({ hasText: '10.0.0.50' });
    expect(await phoneRow.textContent()).toContain('randomised');
    expect(await page.getByRole('row').filter({ hasText: '10.0.0.20' }).textContent()).not.toContain('randomised');
    await phoneRow.getByRole('link', { name: 'phone' }).click();
    await page.getByRole('heading', { name: 'phone', level: 1 }).waitFor();
    const facts = page.getByTestId('device-facts');
    expect(await facts.textContent()).toContain('First seen');
    expect(await facts.textContent()).toMatch(/Last seen.*\d{4}.*just now/);
    expect(await page.locator('.device-badges').textContent()).toContain('randomised MAC');
    await page.getByText('No sessions yet').waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit phone' });
    await dialog.getByLabel('Host name').fill('pixel.lan');
    await dialog.getByLabel('Groups').fill('Family');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const change = page.getByTestId('changes').locator('li');
    await expect.poll(() => change.first().textContent()).toContain('Host name');
    expect(await change.first().textContent()).toContain('pixel.lan');
    expect(await change.first().textContent()).toContain('edited');
    expect(await facts.textContent()).toContain('Family');
    await screenshot(page, 'device-page');
  });

  it('filters by group and renames a group on each of its devices', async () => {
    await page.getByRole('link', { name: '← Devices' }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByLabel('Filter by group').selectOption('Office');
    await expect.poll(labels).toEqual(['printer', 'nas']);
    const groups = page.getByTestId('groups');
    await groups.getByRole('button', { name: 'Rename Office' }).click();
    await groups.getByLabel('New name for Office').fill('Studio');
    await groups.getByRole('button', { name: 'Save' }).click();
    await groups.locator('li[data-group="Studio"]').waitFor();
    expect(await groups.locator('li[data-group="Studio"]').textContent()).toContain('2 of 2 online');
    await expect.poll(labels).toEqual(['printer', 'nas']);
    expect((await devices()).filter((d) => (d.groups as string[]).includes('Studio')).map((d) => d.label).sort()).toEqual(['nas', 'printer']);
    await screenshot(page, 'devices-groups');
    await page.getByLabel('Filter by group').selectOption('');
  });

  it('downloads the inventory as CSV and as JSON', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.split('\r\n')[0]).toBe('id,label,type,status,ip,mac,mac_randomized,vendor,hostname,first_seen,last_seen,reviewed,groups,tags,is_ignored,is_manually_added');
    expect(csvText).toContain('pixel.lan');
    expect(csvText).toContain('Studio');
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    expect(json.suggestedFilename()).toBe('everyst-devices.json');
    const rows = JSON.parse(readFileSync((await json.path())!, 'utf8')) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.label).sort()).toEqual(['nas', 'phone', 'phone (old address)', 'printer']);
    expect(rows.find((r) => r.label === 'phone')).toMatchObject({ mac_randomized: true, groups: ['Family'] });
  });

  it('merges a duplicate into the device that stays, then deletes a device', async () => {
    await page.getByRole('row').filter({ hasText: '10.0.0.51' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'phone (old address)', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge phone (old address)' });
    const keep = (await dialog.getByLabel('Keep this device').locator('option', { hasText: '10.0.0.50' }).getAttribute('value'))!;
    await dialog.getByLabel('Keep this device').selectOption(keep);
    await dialog.getByRole('button', { name: 'Merge and delete' }).click();
    await page.getByRole('heading', { name: 'phone', level: 1 }).waitFor();
    expect(await page.getByTestId('device-facts').textContent()).toContain('mobile');
    expect((await devices()).map((d) => d.label).sort()).toEqual(['nas', 'phone', 'printer']);

    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete device' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await expect.poll(labels).toEqual(['printer', 'nas']);
    expect(errors).toEqual([]);
  });
});
