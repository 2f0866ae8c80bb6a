/**
 * Headless Chromium from Debian (`apt-get install chromium`), driven by playwright-core; no browser is
 * downloaded. Each launch gets a fresh profile directory, removed on close.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/**
 * Chromium otherwise looks up Google's update, account, autofill and password-check hosts in the background: every
 * name resolves to "not found" inside Chromium (pages are loaded by IP address), so it asks no DNS server at all.
 */
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];
export const SCREENSHOTS = resolve(import.meta.dirname, '..', '..', '..', 'test-output', 'screenshots');

/** Why browser tests cannot run here, or null. CI must have Chromium: there a missing one is a failure. */
export function browserSkipReason(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.CI) throw new Error(`${CHROMIUM} is required in CI (Debian package: chromium)`);
  return `${CHROMIUM} not found (Debian package: chromium)`;
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(options: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number }; isMobile?: boolean } = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'everyst-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: options.viewport ?? { width: 1360, height: 900 }, isMobile: options.isMobile,
    hasTouch: options.isMobile,
    colorScheme: options.colorScheme ?? 'light', locale: 'en-GB', timezoneId: 'UTC',
  });
  return {
    context,
    async newPage() {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
