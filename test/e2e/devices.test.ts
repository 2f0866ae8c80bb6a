/**
 * Devices table (search, sort, status filter, edit) and the topology graph in headless Chromium, with devices
 * and connections created through the REST API (no network traffic).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OWNER_PASSWORD, registerOwner, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard browser tests: ${skip}`);

const DEVICES = [
  { label: 'Main router', type: 'router', ip: '10.0.0.1', mac: '00:0d:b9:00:00:01', status: 'online' },
  { label: 'nas', type: 'server', ip: '10.0.0.20', mac: '00:11:32:00:00:20', status: 'online', ports: [[22, 'ssh'], [443, 'https']], os: 'Linux 5.15' },
  { label: 'printer', type: 'other', ip: '10.0.0.3', mac: null, status: 'offline' },
  { label: 'laptop', type: 'workstation', ip: '10.0.0.100', mac: '3c:22:fb:00:01:00', status: 'online', ports: [[3389, 'ms-wbt-server']], os: 'Windows 11' },
] as const;

describe.skipIf(skip !== null)('dashboard: devices and network map', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let networkAvailable = false;

  const api = async (method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) => {
    const res = await server.t.app.http.inject({ method, url: `/api/${url}`, headers: bearer(owner), payload });
    return { status: res.statusCode, body: res.json() as Record<string, unknown> };
  };

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'nina');
    networkAvailable = (await api('GET', 'network/topology/')).status === 200;
    if (!networkAvailable) console.warn('[skip] devices browser tests: the network routes are not available on this server');
    else {
      const ids: string[] = [];
      for (const d of DEVICES) {
        const metadata = 'ports' in d ? { ports: d.ports.map(([port, service]) => ({ port, protocol: 'tcp', service, state: 'open' })), os: d.os } : {};
        const created = await api('POST', 'network/devices/', { label: d.label, type: d.type, ip: d.ip, mac: d.mac, metadata });
        expect(created.status).toBe(201);
        ids.push(created.body.id as string);
        if (d.status !== 'online') expect((await api('POST', `network/devices/${created.body.id}/set_status/`, { status: d.status })).status).toBe(200);
      }
      for (const target of ids.slice(1)) expect((await api('POST', 'network/connections/', { source: ids[0], target, status: 'active' })).status).toBe(201);
    }
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'nina', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const ipColumn = () => page.getByTestId('devices-table').locator('tbody tr td:nth-child(3)').allTextContents();

  it('lists devices with status, vendor, OS and open ports, sorted by IP', async (ctx) => {
    if (!networkAvailable) ctx.skip();
    await openFromNav(page, 'Devices');
    await expect.poll(ipColumn).toEqual(['10.0.0.1', '10.0.0.3', '10.0.0.20', '10.0.0.100']);
    const nas = page.getByRole('row').filter({ hasText: 'nas' });
    expect(await nas.textContent()).toContain('Synology');
    expect(await nas.textContent()).toContain('Linux 5.15');
    expect(await nas.textContent()).toContain('22/ssh, 443/https');
    expect(await page.getByRole('row').filter({ hasText: 'printer' }).locator('.badge').textContent()).toBe('offline');
    await screenshot(page, 'devices-table');
  });

  it('searches, filters by status and sorts by a column', async (ctx) => {
    if (!networkAvailable) ctx.skip();
    await page.getByLabel('Search devices').fill('windows');
    await expect.poll(ipColumn).toEqual(['10.0.0.100']);
    await page.getByLabel('Search devices').fill('');
    await page.getByLabel('Filter by status').selectOption('offline');
    await expect.poll(ipColumn).toEqual(['10.0.0.3']);
    await page.getByLabel('Filter by status').selectOption('');
    await page.getByRole('button', { name: 'IP address' }).click();
    await expect.poll(ipColumn).toEqual(['10.0.0.100', '10.0.0.20', '10.0.0.3', '10.0.0.1']);
    expect(await page.getByRole('columnheader', { name: /IP address/ }).getAttribute('aria-sort')).toBe('descending');
    await page.getByRole('button', { name: 'Name' }).click();
    await expect.poll(() => page.getByTestId('devices-table').locator('tbody tr td:nth-child(2) strong').allTextContents())
      .toEqual(['laptop', 'Main router', 'nas', 'printer']);
  });

  it('edits a device, and the change is stored and pinned', async (ctx) => {
    if (!networkAvailable) ctx.skip();
    await page.getByRole('button', { name: 'Edit printer' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit printer' });
    await dialog.getByLabel('Name', { exact: true }).fill('Office printer');
    await dialog.getByLabel('Tags').fill('office, floor-2');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: 'Office printer' }).waitFor();
    const list = await api('GET', 'network/devices/?search=printer');
    expect(list.body.results).toEqual([expect.objectContaining({ label: 'Office printer', tags: ['office', 'floor-2'], pinnedFields: expect.arrayContaining(['label', 'tags']) })]);
  });

  it('draws the topology and shows a device when it is selected', async (ctx) => {
    if (!networkAvailable) ctx.skip();
    await openFromNav(page, 'Network map');
    const map = page.getByRole('group', { name: /Network map: 4 devices, 3 connections/ });
    await map.waitFor();
    expect(await map.locator('line.edge').count()).toBe(3);
    await map.getByRole('button', { name: /^nas, server, 10\.0\.0\.20/ }).click();
    const details = page.getByRole('region', { name: 'Details' });
    await details.getByText('22/ssh, 443/https').waitFor();
    expect(await details.textContent()).toContain('00:11:32:00:00:20');
    await screenshot(page, 'network-map');
    expect(errors).toEqual([]);
  });
});
