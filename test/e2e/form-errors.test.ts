/**
 * Server field errors show next to their fields in headless Chromium, also in the inline forms that used to show
 * only a toast: the new-devices queue and the device edit dialog. No network traffic: devices come from the API.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OWNER_PASSWORD, registerOwner, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard form tests: ${skip}`);

const LONG_GROUP = 'g'.repeat(51);
const TOO_LONG = 'Ensure this field has no more than 50 characters.';

describe.skipIf(skip !== null)('dashboard: server field errors next to their fields', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'fern');
    const res = await server.t.app.http.inject({
      method: 'POST', url: '/api/network/devices/', headers: bearer(owner), payload: { label: 'guest-laptop', type: 'other', ip: '10.0.0.77', mac: '00:11:32:00:00:77' },
    });
    expect(res.statusCode).toBe(201);
    // Devices added by hand skip the queue; a scan's discovery is what puts one there.
    await sql`UPDATE network_devices SET reviewed = 0 WHERE label = 'guest-laptop'`.execute(server.t.app.ctx.db);
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'fern', OWNER_PASSWORD);
    await openFromNav(page, 'Devices');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('the new-devices queue shows a refused group at its input and keeps the device in the queue', async () => {
    const row = page.getByTestId('review-queue').locator('li[data-device="10.0.0.77"]');
    await row.getByLabel('Groups of 10.0.0.77').fill(LONG_GROUP);
    await row.getByRole('button', { name: 'Acknowledge 10.0.0.77' }).click();
    await row.locator('.field-error').getByText(TOO_LONG).waitFor();
    expect(await row.getByLabel('Groups of 10.0.0.77').getAttribute('aria-invalid')).toBe('true');
    expect(await row.getByLabel('Name of 10.0.0.77').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('.toast').count()).toBe(0);
    await screenshot(page, 'review-queue-field-error');
    // Corrected, it goes through and leaves the queue.
    await row.getByLabel('Groups of 10.0.0.77').fill('Guests');
    await row.getByRole('button', { name: 'Acknowledge 10.0.0.77' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('the device edit dialog shows the same error under its Groups field', async () => {
    await page.getByRole('row').filter({ hasText: '10.0.0.77' }).getByRole('button', { name: /Edit/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Groups').fill(LONG_GROUP);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.locator('.field').filter({ has: page.getByLabel('Groups') }).locator('.field-error').getByText(TOO_LONG).waitFor();
    expect(await dialog.locator('.form-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
