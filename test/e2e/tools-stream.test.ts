/**
 * Live tool output in headless Chromium: a ping of 127.0.0.1 shows its lines one by one with the time elapsed,
 * Cancel stops a long run (its process is gone), and the server's field errors show next to their fields.
 * Only loopback is pinged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, registerOwner, USER_PASSWORD } from '../helpers/factories.js';
import { browserSkipReason, launchBrowser, screenshot, type Browser } from './helpers/browser.js';
import { startServer, type RunningServer } from './helpers/server.js';
import { openFromNav, pageErrors, signIn } from './helpers/ui.js';

const skip = browserSkipReason();
if (skip) console.warn(`[skip] dashboard browser tests: ${skip}`);

/** ping processes started by the server, which runs in this test process. */
function pingChildren(): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).flatMap((entry) => {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      return /\(ping\)/.test(stat) && ppid === process.pid ? [Number(entry)] : [];
    } catch {
      return [];
    }
  });
}

const replies = (text: string) => (text.match(/icmp_seq=\d+/g) ?? []).length;

describe.skipIf(skip !== null)('dashboard: live tool output', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    server = await startServer({ TOOLS_RATE_PER_MINUTE: '100' });
    const owner = await registerOwner(server.t.app, 'rita');
    await createUser(server.t.app, owner, 'tess', 'user');
    browser = await launchBrowser();
    page = await browser.newPage();
    errors = pageErrors(page);
    await signIn(page, server.url, 'tess', USER_PASSWORD);
    await page.locator('.conn-connected').waitFor();
    await openFromNav(page, 'Tools', 'Network tools');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Samples the output and the elapsed time every 100 ms until the run shows its final status. */
  async function watchRun(): Promise<Array<{ replies: number; elapsed: string; running: boolean }>> {
    const seen: Array<{ replies: number; elapsed: string; running: boolean }> = [];
    const result = page.getByTestId('tool-result');
    for (let i = 0; i < 300; i++) {
      const running = (await result.getAttribute('aria-busy').catch(() => null)) === 'true';
      seen.push({ replies: replies(await page.getByTestId('tool-output').innerText().catch(() => '')), elapsed: await page.getByTestId('tool-elapsed').innerText().catch(() => ''), running });
      if (!running && i > 0) break;
      await page.waitForTimeout(100);
    }
    return seen;
  }

  it.each([2, 4])('pings 127.0.0.1 %i times, one line after another, with the elapsed time', async (count) => {
    await page.getByLabel('Host or IP').fill('127.0.0.1');
    await page.getByLabel('Echo requests').fill(String(count));
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByTestId('tool-result').and(page.locator('[aria-busy="true"]')).waitFor();
    const seen = await watchRun();
    const whileRunning = seen.filter((s) => s.running);
    // Each reply appeared on its own while the run went on: every count from 1 to count-1 was on screen.
    for (let n = 1; n < count; n++) expect(whileRunning.some((s) => s.replies === n), `${n} of ${count} replies shown`).toBe(true);
    const clock = [...new Set(whileRunning.map((s) => s.elapsed))];
    expect(clock.length).toBeGreaterThan(3);
    expect(clock.every((text) => /^ · \d+\.\d s$/.test(text))).toBe(true);
    await page.getByTestId('tool-result').getByText('success').waitFor();
    const output = await page.getByTestId('tool-output').innerText();
    expect(replies(output)).toBe(count);
    expect(output).toContain(`${count} packets transmitted, ${count} received`);
    await expect.poll(() => page.getByTestId('tool-result').locator('code').innerText()).toBe(`ping -4 -c ${count} -W 2 -- 127.0.0.1`);
    if (count === 4) await screenshot(page, 'tools-ping-done');
  });

  it('cancels a long ping: the run stops and its process is gone', async () => {
    await page.getByLabel('Echo requests').fill('15');
    await page.getByRole('button', { name: 'Run' }).click();
    await expect.poll(async () => replies(await page.getByTestId('tool-output').innerText()), { timeout: 8000 }).toBeGreaterThanOrEqual(2);
    expect(pingChildren()).toHaveLength(1);
    await screenshot(page, 'tools-ping-running');
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('tool-result').getByText('error', { exact: true }).waitFor({ timeout: 5000 });
    expect(Date.now() - clicked).toBeLessThan(4000);
    const output = await page.getByTestId('tool-output').innerText();
    expect(output.trimEnd()).toMatch(/Command cancelled$/);
    expect(replies(output)).toBeLessThan(15);
    expect(pingChildren()).toEqual([]);
    await expect(page.getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(0);
    await screenshot(page, 'tools-ping-cancelled');
  });

  it("shows the server's field errors next to their fields", async () => {
    await page.getByLabel('Host or IP').fill('-f');
    await page.getByLabel('Echo requests').fill('99');
    await page.getByRole('button', { name: 'Run' }).click();
    const hostField = page.locator('.field').filter({ has: page.getByLabel('Host or IP') });
    await hostField.locator('.field-error').getByText('Enter a valid hostname, IPv4 or IPv6 address.').waitFor();
    await page.getByLabel('Host or IP').fill('127.0.0.1');
    await page.getByRole('button', { name: 'Run' }).click();
    const countField = page.locator('.field').filter({ has: page.getByLabel('Echo requests') });
    await countField.locator('.field-error').getByText('Ensure this value is between 1 and 15.').waitFor();
    expect(await page.locator('.form-error').count()).toBe(0);
    expect(pingChildren()).toEqual([]);
    await screenshot(page, 'tools-field-errors');
    expect(errors).toEqual([]);
  });
});
