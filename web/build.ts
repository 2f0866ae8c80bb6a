/**
 * Builds the dashboard (web/dist/) when it is missing or older than its sources — for tests and benchmarks,
 * so `npm test` needs no separate build step. Parallel callers wait on one lock instead of building twice.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const WEB_DIR = resolve(import.meta.dirname);
export const DIST_DIR = join(WEB_DIR, 'dist');
export const MANIFEST = join(DIST_DIR, '.vite', 'manifest.json');
const LOCK = join(tmpdir(), `everyst-web-build-${Buffer.from(WEB_DIR).toString('hex').slice(-24)}.lock`);

function newestSource(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newestSource(join(path, name))));
}

export function dashboardIsStale(): boolean {
  if (!existsSync(MANIFEST) || !existsSync(join(DIST_DIR, 'index.html'))) return true;
  const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(WEB_DIR, p)).filter(existsSync);
  return Math.max(...sources.map(newestSource)) > statSync(MANIFEST).mtimeMs;
}

async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed process is taken over after two minutes.
      const held = statSync(LOCK, { throwIfNoEntry: false });
      if (waited > 120_000 || (held && Date.now() - held.mtimeMs > 120_000)) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** Returns true when it built, false when the existing build was current. */
export async function ensureDashboardBuilt(): Promise<boolean> {
  if (!dashboardIsStale()) return false;
  return withLock(async () => {
    if (!dashboardIsStale()) return false;
    const vite = resolve(WEB_DIR, '..', 'node_modules', 'vite', 'bin', 'vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--config', join(WEB_DIR, 'vite.config.ts'), '--logLevel', 'warn'], {
      // Vitest sets NODE_ENV=test, which would make Vite bundle development builds of the libraries.
      cwd: resolve(WEB_DIR, '..'), timeout: 180_000, maxBuffer: 8 * 1024 * 1024, env: { ...process.env, NODE_ENV: 'production' },
    });
    return true;
  });
}
