/**
 * The dashboard's Monitors page with 2,000 monitors in headless Chromium: signed in, time from navigation to the
 * first rows on screen (target ≤ 1 s), five loads after a warm-up. Then the server restarts on the same data and
 * the time until every active monitor has checked again is measured (target: within one interval).
 * The monitors are tcp checks of a loopback listener this benchmark starts, every 30 s.
 * Run: node --import tsx bench/monitors-page.ts   (BENCH_MONITORS, default 2000)
 */
import { createServer, type AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { BENCH_PASSWORD, startApp } from './lib/servers.js';
import { CHROMIUM_ARGS } from '../test/e2e/helpers/browser.js';

const MONITORS = Number(process.env.BENCH_MONITORS ?? 2000);
const INTERVAL_S = 30;
const CHROMIUM = '/usr/bin/chromium';
const LOADS = 5;

async function json(base: string, method: string, path: string, body?: unknown, access?: string) {
  const res = await fetch(`${base}${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(access ? { authorization: `Bearer ${access}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function run(): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    console.log(`monitors-page: skipped, ${CHROMIUM} not found`);
    return;
  }
  const tcp = createServer((s) => s.end()).listen(0, '127.0.0.1');
  await new Promise((r) => tcp.once('listening', r));
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-page-'));
  let app = await startApp({ env: { EVERYST_DATA_DIR: dataDir } });
  const profile = mkdtempSync(join(tmpdir(), 'everyst-bench-chromium-'));
  try {
    await json(app.base, 'POST', '/api/auth/register/', { username: 'bench', email: 'bench@example.com', password: BENCH_PASSWORD });
    const access = String((await json(app.base, 'POST', '/api/auth/login/', { username: 'bench', password: BENCH_PASSWORD })).body.access);
    const port = (tcp.address() as AddressInfo).port;
    for (let i = 0; i < MONITORS; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, MONITORS - i) }, async (_, k) => {
        const res = await json(app.base, 'POST', '/api/monitors/', { name: `m-${String(i + k).padStart(5, '0')}`, type: 'tcp', target: '127.0.0.1', port, interval_s: INTERVAL_S }, access);
        if (res.status !== 201) throw new Error(`create answered ${res.status}`);
      }));
    }
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(`${app.base}/login`);
    await page.getByLabel('Username or email').fill('bench');
    await page.getByLabel('Password').fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
    const times: number[] = [];
    for (let i = 0; i <= LOADS; i++) {
      await page.goto('about:blank');
      const started = performance.now();
      await page.goto(`${app.base}/monitors`);
      await page.locator('tr[data-monitor="m-00000"]').waitFor({ state: 'visible', timeout: 60_000 });
      if (i > 0) times.push(performance.now() - started);
    }
    await browser.close();
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`monitors-page: ${MONITORS} monitors, navigation to first rows: median ${median.toFixed(0)} ms, worst ${times[times.length - 1].toFixed(0)} ms ` +
      `over ${LOADS} loads (target ≤ 1000 ms): ${median <= 1000 ? 'ok' : 'MISSED'}`);

    // Restart on the same data: every active monitor checks again within one interval.
    const restartedAt = Date.now();
    await app.stop();
    app = await startApp({ env: { EVERYST_DATA_DIR: dataDir } });
    const token = String((await json(app.base, 'POST', '/api/auth/login/', { username: 'bench', password: BENCH_PASSWORD })).body.access);
    let caughtUp = NaN;
    for (;;) {
      const all = [] as string[];
      for (let page = 1; page <= Math.ceil(MONITORS / 500); page++) {
        const res = (await json(app.base, 'GET', `/api/monitors/?page_size=500&page=${page}`, undefined, token)).body as { results: Array<{ last_checked_at: string }> };
        all.push(...res.results.map((m) => m.last_checked_at));
      }
      if (all.every((t) => Date.parse(t) > restartedAt)) {
        caughtUp = (Date.now() - restartedAt) / 1000;
        break;
      }
      if (Date.now() - restartedAt > 3 * INTERVAL_S * 1000) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    console.log(`monitors-page: after a restart every monitor had checked again in ${caughtUp.toFixed(1)} s (target ≤ ${INTERVAL_S} s): ${caughtUp <= INTERVAL_S ? 'ok' : 'MISSED'}`);
  } finally {
    await app.stop();
    tcp.close();
    rmSync(profile, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await run();
