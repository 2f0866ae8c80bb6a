import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const guardable = process.platform === 'linux' && process.getuid?.() === 0
  && spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'true']).status === 0;
if (!guardable) console.warn('dns-guard test skipped: the guard needs root and unshare --mount');

describe.skipIf(!guardable)('the test suite\'s DNS guard (npm test)', () => {
  it('fails the run and names every lookup that went to the system resolver, but deliberate probes', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test-with-dns-guard.ts', '--config', 'test/fixtures/dns-guard/vitest.config.ts'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, EVERYST_DNS_GUARD: '' }, timeout: 60_000,
    });
    const output = `${run.stdout}${run.stderr}`;
    expect(output).toContain('DNS guard: on');
    expect(output).toContain('1 passed');
    expect(output).toMatch(/DNS guard: \d+ lookups of 1 names went to the system resolver/);
    expect(output).toContain('leaked-name.example.com (1×; e.g. leaked-name.example.com 1 UDP)');
    expect(output).not.toContain('probe.system-resolver.test 1');
    expect(run.status).toBe(1);
  }, 90_000);
});
