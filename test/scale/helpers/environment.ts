import { execFileSync } from 'node:child_process';
import { describe } from 'vitest';
import { postgresReachable } from '../../helpers/databases.js';

let cached: Promise<string | null> | null = null;

/**
 * Why the scale-out tests cannot run here, or null. They need PostgreSQL (shared by every instance) and the
 * `redis-server` binary (each test file starts its own Redis on a free loopback port, so it can stop it and so
 * that no two files share pub/sub channels). In CI (env CI set) a missing one is a failure, not a skip.
 */
export function scaleSkipReason(): Promise<string | null> {
  return (cached ??= (async () => {
    const problems: string[] = [];
    if (!(await postgresReachable())) problems.push('PostgreSQL is unreachable (TEST_POSTGRES_URL)');
    try {
      execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
    } catch {
      problems.push('redis-server is not installed (Debian package: redis-server)');
    }
    if (problems.length === 0) return null;
    const reason = problems.join('; ');
    if (process.env.CI) throw new Error(`scale-out tests need Redis and PostgreSQL in CI: ${reason}`);
    return reason;
  })());
}

/**
 * `describe` that is skipped, with the reason in its title and on stderr, when Redis or PostgreSQL are missing
 * (or when `extraReason` names another missing piece, such as network namespaces).
 */
export async function describeScale(name: string, body: () => void, extraReason: string | null = null): Promise<void> {
  const reason = (await scaleSkipReason()) ?? extraReason;
  if (reason) console.warn(`[skip] ${name}: ${reason}`);
  describe.skipIf(reason !== null)(reason ? `${name} (skipped: ${reason})` : name, body);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(check: () => T | Promise<T>, timeoutMs: number, what: string): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}
