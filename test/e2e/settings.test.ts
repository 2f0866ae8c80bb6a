/**
 * Settings pages in headless Chromium: a locked-out user unlocked from the Users page signs in again; SMTP
 * settings saved and checked next to their fields; notification preferences; the security checks with what they
 * mean; the Prometheus export's state.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../notifications/helpers.js';
import { bearer, createUser, login, OWNER_PASSWORD, registerOwner, USER_PASSWORD, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard settings tests: ${skip}`);

describe.skipIf(skip !== null)('dashboard: settings pages', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  const get = async (url: string) => (await server.t.app.http.inject({ method: 'GET', url: `/api/${url}`, headers: bearer(owner) })).json();

  beforeAll(async () => {
    smtp = await startSmtpServer({ user: 'mailer', pass: 'mail-secret-1' });
    server = await startServer({ MAX_LOGIN_ATTEMPTS: '3', PROMETHEUS_ENABLED: 'true', PROMETHEUS_TOKEN: 'scrape-token-0123456789abcdef' });
    owner = await registerOwner(server.t.app, 'olga');
    await createUser(server.t.app, owner, 'ben', 'viewer');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'olga', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  it('unlocks a user locked out by failed sign-ins, who can then sign in', async () => {
    for (let i = 0; i < 3; i++) expect((await login(server.t.app, 'ben', 'wrong-password-1')).status).toBe(401);
    expect((await login(server.t.app, 'ben', USER_PASSWORD)).status).toBe(429);
    await openFromNav(page, 'Users');
    const row = page.getByTestId('users-table').locator('tr', { hasText: 'ben' });
    await expect.poll(() => row.textContent()).toContain('locked');
    await row.getByRole('button', { name: 'Sign-ins of ben' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign-ins of ben' });
    await expect.poll(() => dialog.getByTestId('sign-ins').locator('li').count()).toBeGreaterThanOrEqual(4);
    expect(await dialog.getByTestId('sign-ins').textContent()).toContain('wrong password');
    expect(await dialog.getByTestId('sign-ins').textContent()).toContain('locked out');
    await screenshot(page, 'user-sign-ins');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await screenshot(page, 'users-locked');
    await row.getByRole('button', { name: 'Unlock ben' }).click();
    await expect.poll(() => row.textContent()).not.toContain('locked');

    // Ben signs in from a browser of his own (the owner's session stays in the first one).
    const bens = await launchBrowser();
    try {
      await signIn(await bens.newPage(), server.url, 'ben', USER_PASSWORD);
    } finally {
      await bens.close();
    }
  });

  it('saves SMTP settings with field errors from the server, keeps the password out of the page, and sends a test email', async () => {
    await openFromNav(page, 'Email (SMTP)');
    await expect.poll(() => page.getByTestId('smtp-source').textContent()).toContain('Not configured');
    await page.getByLabel('SMTP host').fill('bad host!');
    await page.getByLabel('From address').fill('not-an-address');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.field.invalid').count()).toBe(2);
    expect(await page.locator('.field.invalid').first().textContent()).toContain('valid host name');
    await page.getByLabel('SMTP host').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(smtp.port));
    await page.getByLabel('Username').fill('mailer');
    await page.getByLabel('Security').selectOption('none');
    await page.getByLabel('Password', { exact: true }).fill('mail-secret-1');
    await page.getByLabel('From address').fill('everyst@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.getByTestId('smtp-source').textContent()).toContain('Settings saved here');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await page.getByText('A password is stored; leave empty to keep it').waitFor();
    expect(await get('integrations/smtp/')).toMatchObject({ host: '127.0.0.1', port: smtp.port, security: 'none', password_set: true, source: 'database' });

    // The test email goes through the stored settings, password included, to a loopback SMTP server.
    await page.getByRole('button', { name: 'Send test email' }).click();
    await expect.poll(() => page.getByTestId('smtp-test-result').textContent(), { timeout: 20_000 }).toBe('✔ Test email sent to olga@example.com');
    expect(smtp.mails.map((m) => ({ to: m.envelopeTo, user: m.auth?.user, subject: m.mail.subject }))).toEqual([{ to: ['olga@example.com'], user: 'mailer', subject: 'Everyst test email' }]);
    await expect.poll(() => page.getByTestId('smtp-source').textContent()).toContain('delivered');
    await screenshot(page, 'settings-smtp');
  });

  it('saves the notification preferences of the signed-in user', async () => {
    await openFromNav(page, 'Account');
    const prefs = page.getByTestId('notification-preferences');
    await prefs.getByLabel('Also send my notifications by email').check();
    await prefs.getByLabel('Email from this type up').selectOption('error');
    await prefs.getByRole('button', { name: 'Save preferences' }).click();
    await expect.poll(async () => (await get('notifications/preferences/')).email).toEqual({ enabled: true, min_type: 'error' });
  });

  it('shows every security check with its status, and what a failing one means and how to fix it', async () => {
    await openFromNav(page, 'Security');
    const checks = page.getByTestId('security-checks').locator('li');
    const snapshot = await get('security/');
    await expect.poll(() => checks.count()).toBe(snapshot.checks.length);
    expect(await page.getByTestId('security-score').textContent()).toContain(`${snapshot.score} / 100`);
    for (const c of snapshot.checks as Array<{ id: string; title: string; status: string }>) {
      const item = page.getByTestId('security-checks').locator(`li[data-check="${c.id}"]`);
      expect(await item.textContent()).toContain(c.title);
      expect(await item.locator('.badge').first().textContent()).toBe(c.status);
      if (c.status === 'warn' || c.status === 'fail') expect(await item.textContent()).toContain('How to fix it');
    }
    expect(await page.getByText('Evidence').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'Check now' }).click();
    await screenshot(page, 'settings-security');
  });

  it('shows the Prometheus scrape URL and that a token is required', async () => {
    await openFromNav(page, 'Prometheus');
    await expect.poll(() => page.getByTestId('prometheus').textContent()).toContain('on, token required');
    expect(await page.getByTestId('scrape-url').textContent()).toBe(`${server.url}/metrics`);
    expect(await page.content()).not.toContain('scrape-token-0123456789abcdef');
    await screenshot(page, 'settings-prometheus');
    expect(errors).toEqual([]);
  });
});
