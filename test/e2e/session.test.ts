/**
 * Session upkeep in headless Chromium: an access token that expires while the page is open is renewed with the
 * refresh token (requests and the live socket keep working), and a session revoked elsewhere signs the page out.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, login, OWNER_PASSWORD, registerOwner } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard browser tests: ${skip}`);

describe.skipIf(skip !== null)('dashboard: session refresh and revocation', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const storedAccess = async () => String(await page.evaluate(`JSON.parse(localStorage.getItem('everyst.tokens') || 'null')?.access ?? ''`));

  beforeAll(async () => {
    // Access tokens live 3.6 seconds, so they expire during the test.
    server = await startServer({ JWT_ACCESS_TOKEN_LIFETIME_HOURS: '0.001' });
    await registerOwner(server.t.app, 'rita');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'rita', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renews an expired access token and keeps working', async () => {
    const first = await storedAccess();
    const firstCheck = await server.t.app.http.inject({ method: 'GET', url: '/api/users/me/', headers: bearer({ access: first }) });
    expect(firstCheck.statusCode).toBe(200);
    await page.waitForTimeout(6_000);
    expect((await server.t.app.http.inject({ method: 'GET', url: '/api/users/me/', headers: bearer({ access: first }) })).statusCode).toBe(401);
    await openFromNav(page, 'Users');
    await page.getByTestId('users-table').getByRole('row').filter({ hasText: 'rita' }).waitFor();
    expect(await storedAccess()).not.toBe(first);
    // The live socket follows the new token.
    await page.locator('.conn-connected').waitFor();
    await openFromNav(page, 'Dashboard');
    const stamp = page.getByTestId('metrics-time');
    const before = await stamp.getAttribute('datetime');
    await expect.poll(() => stamp.getAttribute('datetime'), { timeout: 8_000 }).not.toBe(before);
  });

  it('signs the page out when its sessions are revoked from elsewhere', async () => {
    const other = await login(server.t.app, 'rita', OWNER_PASSWORD);
    const res = await server.t.app.http.inject({ method: 'POST', url: '/api/auth/logout-all/', headers: bearer(other) });
    expect(res.statusCode).toBe(200);
    await page.getByRole('heading', { name: 'Sign in to Everyst' }).waitFor({ timeout: 10_000 });
    await page.getByText('You were signed out on every device.').waitFor();
    expect(await storedAccess()).toBe('');
    expect(errors).toEqual([]);
  });
});
