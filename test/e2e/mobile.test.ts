/**
 * Phones: at 390×844 no page is wider than the screen (document.documentElement.scrollWidth ≤ 390) and the header
 * fits, on every route of the navigation with data on it. No network traffic: devices come from the REST API and
 * the one scan schedule is disabled.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createUser, OWNER_PASSWORD, registerOwner, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard phone tests: ${skip}`);
const WIDTH = 390;

describe.skipIf(skip !== null)('dashboard on a phone (390×844)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let deviceId = '';

  const post = async (url: string, payload: Record<string, unknown>) => {
    const res = await server.t.app.http.inject({ method: 'POST', url: `/api/${url}`, headers: bearer(owner), payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as Record<string, unknown>;
  };

  beforeAll(async () => {
    server = await startServer({ SCAN_ALLOWED_NETWORKS: '10.213.210.0/24' });
    owner = await registerOwner(server.t.app, 'a-rather-long-owner-name');
    await createUser(server.t.app, owner, 'viewer-with-a-long-name', 'viewer');
    for (let i = 1; i <= 6; i++) {
      const d = await post('network/devices/', {
        label: `device-with-a-long-name-${i}.home.example`, type: 'workstation', ip: `10.0.0.${i}`, mac: `da:a1:19:00:00:0${i}`,
        hostname: `host-${i}.very-long-domain-name.example`, groups: ['Living room', 'Family'], tags: ['tag-one', 'tag-two'],
      });
      deviceId ||= d.id as string;
    }
    await post('network/schedules/', { name: 'Nightly scan of the whole home LAN', ip_range: '10.213.210.0/24', every_minutes: 60, enabled: false });
    await post('monitors/', { name: 'A monitor with a long name for the phone', type: 'http', target: 'http://127.0.0.1:9/health/check/path', interval: 300, active: false });
    browser = await launchBrowser({ viewport: { width: WIDTH, height: 844 }, isMobile: true });
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'a-rather-long-owner-name', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  // Page scripts as text: the test code is not compiled with the DOM's types.
  const widths = () => page.evaluate<{ scroll: number; body: number }>('({ scroll: document.documentElement.scrollWidth, body: document.body.scrollWidth })');

  /** The outermost elements that reach past the screen's right edge, named by tag and class, for the failure message. */
  const tooWide = () => page.evaluate<string[]>(`[...document.querySelectorAll('body *')]
    .filter((el) => el.getBoundingClientRect().right > ${WIDTH}.5 && (el.parentElement?.getBoundingClientRect().right ?? 0) <= ${WIDTH}.5)
    .slice(0, 5).map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)')`);

  it('the header fits: menu, bell and sign-out are inside the screen, and the menu opens the pages', async () => {
    for (const name of ['Menu', 'Sign out']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box, name).not.toBeNull();
      expect(box!.x, name).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, name).toBeLessThanOrEqual(WIDTH);
    }
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Scan schedules' }).click();
    await page.getByRole('heading', { name: 'Scan schedules', level: 1 }).waitFor();
    expect((await widths()).scroll).toBeLessThanOrEqual(WIDTH);
  });

  it('no route of the navigation, nor a device page, is wider than the screen', async () => {
    // The menu is closed: its links are read from the DOM, not by role (hidden elements have none).
    const routes = await page.locator('nav.sidebar a').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    expect(routes).toEqual(expect.arrayContaining(['/', '/devices', '/scan-schedules', '/settings/email', '/settings/prometheus', '/security', '/users', '/roles', '/account']));
    const failures: string[] = [];
    // /welcome is the first-run scan-schedule offer, reached only after creating the owner (not in the menu).
    for (const path of [...routes, '/welcome', `/devices/${deviceId}`]) {
      await page.goto(`${server.url}${path}`);
      await page.locator('main h1').first().waitFor();
      // Lists load after the heading: wait until nothing is loading any more.
      await expect.poll(() => page.locator('main [role="status"].state').count(), { timeout: 10_000 }).toBe(0);
      const { scroll, body } = await widths();
      if (scroll > WIDTH || body > WIDTH) {
        failures.push(`${path}: scrollWidth ${scroll}, body ${body}; too wide: ${(await tooWide()).join(', ')}`);
        await screenshot(page, `phone-overflow${path.replace(/\//g, '-')}`);
      }
      if (['/', '/devices', '/scan-schedules', '/users', '/roles', '/security'].includes(path)) await screenshot(page, `phone${path === '/' ? '-dashboard' : path.replace(/\//g, '-')}`);
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('ran without page errors', () => {
    expect(errors).toEqual([]);
  });
});
