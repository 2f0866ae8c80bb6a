/**
 * History charts in headless Chromium: hovering shows the values under a crosshair, dragging zooms into a
 * window (re-asked from the server) that a button resets, and in a server with only minutes of samples the
 * 7-day range shows them instead of "No history for this period yet". The live dashboard chart and a monitor's
 * response-time chart show their values under the pointer too.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, OWNER_PASSWORD, registerOwner, type Session } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] chart browser tests: ${skip}`);
const MIN = 60_000;
const HOUR = 3_600_000;

interface HistoryBody { from: string; to: string; count: number; resolution: string }

describe.skipIf(skip !== null)('dashboard: history charts answer questions', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let owner: Session;
  let target: Server;
  let seededAt = 0;
  const firstPlot = () => page.locator('.chart-plot').first();
  const historyAnswer = () => page.waitForResponse((r) => r.url().includes('/api/system/metrics/history/'));

  beforeAll(async () => {
    server = await startServer();
    owner = await registerOwner(server.t.app, 'owen');
    target = createServer((_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    // A server that has run for 20 minutes: the history service stores each minute from a real reading.
    const history = server.t.app.ctx.services.metrics.history;
    seededAt = Date.now();
    for (let i = 20; i >= 1; i--) await history.tick(seededAt - i * MIN);
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'owen', OWNER_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    target?.closeAllConnections();
    await new Promise((resolve) => target?.close(resolve));
  });

  it('hovering a history chart shows a crosshair and the values at that time', async () => {
    const loaded = historyAnswer();
    await openFromNav(page, 'History');
    expect((await loaded).status()).toBe(200);
    const plot = firstPlot();
    await plot.waitFor();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    const tip = page.getByTestId('chart-tip').first();
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/CPU: \d+ %/);
    expect(await tip.textContent()).toMatch(/Memory: \d+ %/);
    expect(await page.locator('.chart-cursor').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('history-summary').textContent()).toContain(`times in ${await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)}`);
    await screenshot(page, 'history-hover');
  });

  it('dragging across a chart zooms into that window; Reset zoom returns to the range', async () => {
    const plot = firstPlot();
    const box = (await plot.boundingBox())!;
    const y = box.y + box.height / 2;
    const zoomed = historyAnswer();
    await page.mouse.move(box.x + box.width * 0.55, y);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
    expect(await page.getByTestId('chart-selection').count()).toBe(1);
    await page.mouse.move(box.x + box.width * 0.95, y, { steps: 5 });
    await page.mouse.up();
    const answer = await zoomed;
    expect(answer.url()).toContain('from=');
    const body = await answer.json() as HistoryBody;
    const span = Date.parse(body.to) - Date.parse(body.from);
    expect(span).toBeGreaterThan(0.3 * HOUR);
    expect(span).toBeLessThan(0.5 * HOUR); // 40 % of the hour
    await page.getByTestId('zoom-window').waitFor();
    await expect.poll(async () => page.getByTestId('history-summary').textContent()).toMatch(/^\s*\d+ samples?, minute resolution/);
    expect(body.count).toBeGreaterThan(0);
    expect(body.count).toBeLessThanOrEqual(20);
    await screenshot(page, 'history-zoomed');
    const reset = historyAnswer();
    await page.getByRole('button', { name: 'Reset zoom' }).click();
    expect((await reset).url()).toContain('range=1h');
    await expect.poll(() => page.getByTestId('zoom-window').count()).toBe(0);
  });

  it('the 7-day range shows the minutes a young server has', async () => {
    const answer = historyAnswer();
    await page.getByRole('button', { name: '7 days' }).click();
    const body = await (await answer).json() as HistoryBody & { results: Array<{ timestamp: string }> };
    // The twenty minutes: as minute samples, or, when they straddle an hour the rollup has closed, that hour's
    // sample and the minutes after it.
    const times = body.results.map((r) => Date.parse(r.timestamp));
    expect(body.count).toBeGreaterThanOrEqual(2);
    expect(Math.min(...times)).toBeLessThanOrEqual(seededAt - 19 * MIN);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(seededAt - 2 * MIN);
    await firstPlot().waitFor();
    expect(await page.getByText('No history for this period yet').count()).toBe(0);
    expect(await page.getByTestId('latest-cpu').textContent()).toMatch(/\d+ %/);
    const box = (await firstPlot().boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    expect(await page.getByTestId('chart-tip').first().textContent()).toMatch(/CPU: \d+ %/);
    await screenshot(page, 'history-7d-young');
  });

  it('the live dashboard charts show the values under the pointer too', async () => {
    await openFromNav(page, 'Dashboard');
    const cpuLine = page.getByRole('img', { name: /CPU and memory usage/ }).locator('polyline.tone-1').first();
    await cpuLine.waitFor();
    const plot = firstPlot();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const tip = page.getByTestId('chart-tip').first();
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/CPU: \d+ %/);
    await screenshot(page, 'dashboard-hover');
  });

  it("the monitor page's response-time chart shows the response under the pointer", async () => {
    const { port } = target.address() as AddressInfo;
    const created = await server.t.app.http.inject({
      method: 'POST', url: '/api/monitors/', headers: bearer(owner),
      payload: { name: 'Loopback web', type: 'http', target: `http://127.0.0.1:${port}/`, interval_s: 1 },
    });
    expect(created.statusCode).toBe(201);
    await page.goto(`${server.url}/monitors/${created.json().id as string}`);
    const line = page.getByRole('img', { name: /Response time/ }).locator('polyline.tone-1').first();
    await line.waitFor({ timeout: 20_000 });
    const plot = page.locator('.chart-plot').first();
    const box = (await plot.boundingBox())!;
    await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
    const tip = page.getByTestId('chart-tip').first();
    await tip.waitFor();
    expect(await tip.textContent()).toMatch(/Response: \d+ ms/);
    await screenshot(page, 'monitor-response-hover');
    expect(errors).toEqual([]);
  });
});
