/**
 * The built-in dashboard in a real headless Chromium against the real server: first-run registration, live
 * metrics, signing out and in, session refresh, every page of the owner, and the theme toggle.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_PASSWORD } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const NEW_PASSWORD = 'Granite-Meadow-Lantern-71';
/** A 1×1 PNG for the profile image upload. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard browser tests: ${skip}`);

describe.skipIf(skip !== null)('dashboard: first run, metrics, sign-in and pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the dashboard at / and asks for the owner account on first run', async () => {
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Create the owner account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/setup');
    await screenshot(page, 'setup');

    await page.getByLabel('Username').fill('olga');
    await page.getByLabel('Email').fill('olga@example.com');
    await page.getByLabel('Password', { exact: true }).fill('12345678');
    await page.getByLabel('Confirm password').fill('12345678');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.getByText('This password is entirely numeric.').count()).toBe(1);

    await page.getByLabel('Password', { exact: true }).fill(OWNER_PASSWORD);
    await page.getByLabel('Confirm password').fill(OWNER_PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    // The scan-schedule offer comes next (first-run-schedule.netns.test.ts); declining it leads to the dashboard.
    await page.getByRole('heading', { name: 'Keep the inventory current', level: 1 }).waitFor();
    await page.getByRole('link', { name: /Not now|Continue to the dashboard/ }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.whoami').textContent()).toContain('olga');
    const users = await server.t.app.http.inject({ method: 'GET', url: '/api/auth/first-run/' });
    expect(users.json()).toEqual({ users_exist: true });
  });

  it('shows live host metrics that update by themselves', async () => {
    const stamp = page.getByTestId('metrics-time');
    await stamp.waitFor();
    const first = await stamp.getAttribute('datetime');
    await expect.poll(() => stamp.getAttribute('datetime'), { timeout: 8_000 }).not.toBe(first);
    expect(await page.getByTestId('stat-cpu').textContent()).toMatch(/^\d+(\.\d)? %$/);
    expect(await page.getByTestId('stat-memory').textContent()).toMatch(/^\d+(\.\d)? %$/);
    // The CPU line of the live chart grows with each sample.
    const cpuLine = page.getByRole('img', { name: /CPU and memory usage/ }).locator('polyline.tone-1').first();
    const points = async () => ((await cpuLine.getAttribute('points')) ?? '').trim().split(/\s+/).length;
    const before = await points();
    await expect.poll(points, { timeout: 8_000 }).toBeGreaterThan(before);
    await screenshot(page, 'dashboard');
  });

  it('signs out, refuses a wrong password, and signs in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Everyst' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username or email').fill('olga');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'No active account found with the given credentials' }).waitFor();
    await screenshot(page, 'login-error');
    await signIn(page, server.url, 'olga@example.com', OWNER_PASSWORD);
  });

  it('keeps the session across a reload, also with an invalid stored access token', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    // Replace the stored access token with an invalid one: the next request must refresh it, not sign out.
    await page.evaluate(`(() => {
      const t = JSON.parse(localStorage.getItem('everyst.tokens'));
      localStorage.setItem('everyst.tokens', JSON.stringify({ ...t, access: 'expired.' + t.access.split('.')[1] + '.x' }));
    })()`);
    await page.goto(`${server.url}/account`);
    await page.getByRole('heading', { name: 'Account', level: 1 }).waitFor();
    await page.getByText('Headless Chrome', { exact: false }).first().waitFor();
    const stored = await page.evaluate(`JSON.parse(localStorage.getItem('everyst.tokens')).access`);
    expect(String(stored)).not.toMatch(/^expired\./);
  });

  it('opens every page of the owner with its empty or loaded state', async () => {
    const pages: Array<[string, string, string]> = [
      ['History', 'History', 'history'], ['Devices', 'Devices', 'devices'], ['Network map', 'Network map', 'network'],
      ['Notifications', 'Notifications', 'notifications'], ['Users', 'Users', 'users'], ['Roles', 'Roles', 'roles'], ['Account', 'Account', 'account'],
    ];
    for (const [link, heading, name] of pages) {
      await openFromNav(page, link, heading);
      await expect.poll(() => page.locator('main .spinner').count(), { timeout: 10_000 }).toBe(0);
      await screenshot(page, name);
    }
    await openFromNav(page, 'Users');
    await expect.poll(() => page.getByTestId('users-table').locator('tbody tr').count()).toBe(1);
    await openFromNav(page, 'Roles');
    await expect.poll(() => page.getByRole('row').filter({ hasText: 'Viewer' }).count()).toBe(1);
  });

  it('changes the profile, the profile image and the password from the account page', async () => {
    await openFromNav(page, 'Account');
    const profile = page.getByRole('region', { name: 'Profile', exact: true });
    await profile.getByLabel('First name').fill('Olga');
    await profile.getByLabel('Last name').fill('Berg');
    await profile.getByRole('button', { name: 'Save profile' }).click();
    await page.locator('.toast').filter({ hasText: 'Profile saved' }).waitFor();
    const login = await server.t.app.http.inject({ method: 'POST', url: '/api/auth/login/', payload: { username: 'olga', password: OWNER_PASSWORD } });
    const ownerToken = login.json<{ access: string }>().access;
    const me = () => server.t.app.http.inject({ method: 'GET', url: '/api/users/', headers: { authorization: `Bearer ${ownerToken}` } });
    expect((await me()).json()[0]).toMatchObject({ first_name: 'Olga', last_name: 'Berg' });

    await page.getByLabel('Upload image').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
    await page.getByRole('img', { name: 'Your profile image' }).waitFor();
    expect((await me()).json()[0].profile_image).toBe('/api/users/1/profile-image/');

    const password = page.getByRole('region', { name: 'Password' });
    await password.getByLabel('Current password').fill(OWNER_PASSWORD);
    await password.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await password.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await password.getByRole('button', { name: 'Change password' }).click();
    await page.locator('.toast').filter({ hasText: 'Password changed' }).waitFor();
    const relogin = await server.t.app.http.inject({ method: 'POST', url: '/api/auth/login/', payload: { username: 'olga', password: NEW_PASSWORD } });
    expect(relogin.statusCode).toBe(200);
    // This page's own session stays valid.
    await openFromNav(page, 'Users');
    await page.getByTestId('users-table').getByRole('row').filter({ hasText: 'olga' }).waitFor();
    await openFromNav(page, 'Account');
    await screenshot(page, 'account');
  });

  it('switches between light and dark themes and remembers the choice', async () => {
    await openFromNav(page, 'Dashboard');
    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    expect(await page.locator('html').getAttribute('data-theme')).toBe('dark');
    const background = () => page.evaluate(`getComputedStyle(document.body).backgroundColor`);
    expect(await background()).toBe('rgb(15, 20, 27)');
    await page.reload();
    await page.getByRole('button', { name: 'Switch to light theme' }).waitFor();
    expect(await background()).toBe('rgb(15, 20, 27)');
    await page.waitForTimeout(1500);
    await screenshot(page, 'dashboard-dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    expect(await background()).toBe('rgb(245, 247, 250)');
    expect(errors).toEqual([]);
  });
});
