import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startEverystProcess, type EverystProcess } from '../scale/helpers/processes.js';
// @ts-expect-error -- plain JavaScript beside the launcher, without type declarations
import { memoryTunedLaunch } from '../../bin/memory-tuning.js';

type Launch = [string, string[], Record<string, string>] | null;
const launch = (argv: string[], env: Record<string, string> = {}, execArgv: string[] = []): Launch =>
  memoryTunedLaunch({ argv: ['/usr/bin/node', '/x/bin/everyst.js', ...argv], env, execArgv, execPath: '/usr/bin/node', platform: 'linux', execve: () => undefined });

describe('the memory-tuned launch of long-running commands', () => {
  const started: EverystProcess[] = [];
  afterAll(async () => {
    for (const p of started) await p.stop();
  });

  it('re-executes serve (also as the default) and worker with a small semi-space and two malloc arenas, nothing else', () => {
    expect(launch(['serve', '--x'])).toEqual(['/usr/bin/node', ['/usr/bin/node', '--max-semi-space-size=4', '/x/bin/everyst.js', 'serve', '--x'], { EVERYST_MEMORY_TUNED: '1', MALLOC_ARENA_MAX: '2' }]);
    expect(launch([])?.[1]).toContain('--max-semi-space-size=4');
    expect(launch(['worker'])?.[1]).toContain('--max-semi-space-size=4');
    for (const oneShot of [['doctor'], ['users', 'list'], ['--version']]) expect(launch(oneShot)).toBeNull();
  });

  it("leaves the user's own settings as given, runs once, and can be turned off", () => {
    expect(launch(['serve'], { NODE_OPTIONS: '--max-semi-space-size=16' })?.[1]).not.toContain('--max-semi-space-size=4');
    expect(launch(['serve'], {}, ['--max-semi-space-size=8'])?.[1]).toEqual(['/usr/bin/node', '--max-semi-space-size=8', '/x/bin/everyst.js', 'serve']);
    expect(launch(['serve'], { MALLOC_ARENA_MAX: '4' })?.[2].MALLOC_ARENA_MAX).toBe('4');
    expect(launch(['serve'], { EVERYST_MEMORY_TUNED: '1' })).toBeNull();
    expect(launch(['serve'], { EVERYST_MEMORY_TUNING: '0' })).toBeNull();
  });

  it('a real everyst serve runs tuned under its own pid', async () => {
    const server = await startEverystProcess('serve', 'memory-tuned', {});
    started.push(server);
    const cmdline = readFileSync(`/proc/${server.pid}/cmdline`, 'utf8').split('\0');
    expect(cmdline).toContain('--max-semi-space-size=4');
    expect(readFileSync(`/proc/${server.pid}/environ`, 'utf8').split('\0')).toContain('MALLOC_ARENA_MAX=2');
    expect((await fetch(`${server.url}/api/health/`)).status).toBe(200);
  }, 60_000);
});
