/**
 * The dashboard in headless Chromium: a ping on the tools page, a notification arriving live at the bell,
 * user management by the owner, and a viewer who is not offered (and is refused) what its role may not do.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, OWNER_PASSWORD, registerOwner, USER_PASSWORD, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard browser tests: ${skip}`);

describe.skipIf(skip !== null)('dashboard: tools, live notifications and roles', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let viewer: Session;

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'owen');
    viewer = await createUser(server.t.app, owner, 'vera', 'viewer');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'owen', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('pings 127.0.0.1 from the tools page', async () => {
    await openFromNav(page, 'Tools', 'Network tools');
    await page.getByRole('button', { name: 'Ping', exact: true }).click();
    await page.getByLabel('Host or IP').fill('127.0.0.1');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('tool-result');
    await result.waitFor({ timeout: 30_000 });
    // The result shows at once as "running" while the lines arrive, then the final status.
    await result.locator('.badge').getByText('success', { exact: true }).waitFor({ timeout: 30_000 });
    const output = await page.getByLabel('Tool output').textContent();
    expect(output).toContain('PING 127.0.0.1');
    expect(output).toMatch(/4 packets transmitted, 4 received/);
    await screenshot(page, 'tools');
  });

  it('shows a validation message for a target the server refuses', async () => {
    await page.getByLabel('Host or IP').fill('-oops');
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByText('Enter a valid hostname, IPv4 or IPv6 address.').waitFor();
  });

  it('counts a notification at the bell the moment it is created', async () => {
    await openFromNav(page, 'Dashboard');
    const bell = page.getByRole('button', { name: /^Notifications,/ });
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    const res = await server.t.app.http.inject({
      method: 'POST', url: '/api/notifications/', headers: bearer(owner),
      payload: { title: 'Backup finished', message: 'Nightly backup of /srv took 4 minutes.', type: 'success' },
    });
    expect(res.statusCode).toBe(201);
    await expect.poll(() => bell.getAttribute('aria-label'), { timeout: 5_000 }).toBe('Notifications, 1 unread');
    expect(await page.getByTestId('bell-count').textContent()).toBe('1');
    await page.locator('.toast').filter({ hasText: 'Backup finished' }).waitFor();
    await bell.click();
    const panel = page.getByRole('region', { name: 'Recent notifications' });
    await panel.getByText('Nightly backup of /srv took 4 minutes.').waitFor();
    await screenshot(page, 'notifications-bell');
    await panel.getByRole('button', { name: 'Mark “Backup finished” as read' }).click();
    await expect.poll(() => bell.getAttribute('aria-label')).toBe('Notifications, none unread');
    const unread = await server.t.app.http.inject({ method: 'GET', url: '/api/notifications/unread_count/', headers: bearer(owner) });
    expect(unread.json()).toEqual({ count: 0 });
    await page.keyboard.press('Escape');
  });

  it('lets the owner add a user with a role', async () => {
    await openFromNav(page, 'Users');
    await page.getByRole('button', { name: 'Add user' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add user' });
    await dialog.getByLabel('Username').fill('mira');
    await dialog.getByLabel('Email').fill('mira@example.com');
    await dialog.getByLabel('Password').fill('password');
    await dialog.getByLabel('Role').selectOption('manager');
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await dialog.getByText('This password is too common.').waitFor();
    await dialog.getByLabel('Password').fill(USER_PASSWORD);
    await dialog.getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('row').filter({ hasText: 'mira' }).filter({ hasText: 'Manager' }).waitFor();
    await screenshot(page, 'users-added');
  });

  it('lets the owner create a custom role with chosen permissions', async () => {
    await openFromNav(page, 'Roles');
    await page.getByRole('button', { name: 'New role' }).click();
    const dialog = page.getByRole('dialog', { name: 'New role' });
    await dialog.getByLabel('Name', { exact: true }).fill('auditor');
    await dialog.getByLabel('Description').fill('Reads every account and the login log');
    await dialog.getByLabel('View all data').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Reads every account' });
    await row.waitFor();
    expect(await row.getByLabel('yes').count()).toBe(1);
    const role = await server.t.app.http.inject({ method: 'GET', url: '/api/roles/auditor/', headers: bearer(owner) });
    expect(role.json()).toMatchObject({ name: 'auditor', can_view_all_data: true, can_manage_users: false, is_builtin: false });
  });

  it('hides admin pages from a viewer, and shows a forbidden state at their address', async () => {
    const other = await launchBrowser({ colorScheme: 'dark' });
    try {
      const viewerPage = await other.newPage();
      const viewerErrors = pageErrors(viewerPage);
      await signIn(viewerPage, server.url, viewer.username, USER_PASSWORD);
      const nav = viewerPage.getByRole('navigation', { name: 'Main' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Dashboard', 'History', 'Agents', 'Monitors', 'Maintenance', 'Status pages', 'Devices', 'Network map', 'Scan schedules', 'Notifications', 'Security', 'Account']);
      for (const path of ['/users', '/roles', '/tools', '/settings/email', '/settings/prometheus']) {
        await viewerPage.goto(`${server.url}${path}`);
        await viewerPage.getByTestId('forbidden').getByRole('heading', { name: 'Access denied', level: 1 }).waitFor();
        expect(await viewerPage.locator('main table').count()).toBe(0);
      }
      await screenshot(viewerPage, 'viewer-forbidden');
      expect(viewerErrors).toEqual([]);
    } finally {
      await other.close();
    }
    // Hidden is not the protection: the server refuses the same actions for that account.
    const create = await server.t.app.http.inject({
      method: 'POST', url: '/api/users/', headers: bearer(viewer), payload: { username: 'x1', email: 'x1@example.com', password: USER_PASSWORD },
    });
    expect(create.statusCode).toBe(403);
    const ping = await server.t.app.http.inject({ method: 'POST', url: '/api/tools/ping/', headers: bearer(viewer), payload: { target: '127.0.0.1' } });
    expect(ping.statusCode).toBe(403);
    expect(errors).toEqual([]);
  });
});
