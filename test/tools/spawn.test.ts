import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/modules/tools/spawn.js';

const run = createProcessRunner({ killGraceMs: 500 });

/** True when the process is gone or only a zombie waiting to be reaped. */
async function gone(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

describe('process runner', () => {
  let emptyDir: string;
  beforeAll(async () => {
    emptyDir = await mkdtemp(join(tmpdir(), 'everyst-spawn-'));
  });
  afterAll(async () => {
    await rm(emptyDir, { recursive: true, force: true });
  });

  it('merges stdout and stderr line by line in arrival order', async () => {
    const result = await run({
      command: 'sh',
      args: ['-c', 'echo one; sleep 0.1; echo two >&2; sleep 0.1; printf three'],
      timeoutMs: 5000,
    });
    expect(result.output).toBe('one\ntwo\nthree');
    expect([result.exitCode, result.timedOut, result.truncated]).toEqual([0, false, false]);
  });

  it('gives a minimal environment, the root directory and an empty standard input', async () => {
    const env = await run({ command: 'env', args: [], timeoutMs: 5000 });
    expect(env.output.split('\n').sort()).toEqual([
      'LANG=C.UTF-8',
      'LC_ALL=C.UTF-8',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]);
    const pwd = await run({ command: 'pwd', args: [], timeoutMs: 5000 });
    expect(pwd.output).toBe('/');
    // cat ends at once only when its input is /dev/null, not an open pipe.
    const cat = await run({ command: 'cat', args: [], timeoutMs: 3000 });
    expect([cat.output, cat.exitCode, cat.timedOut]).toEqual(['', 0, false]);
  });

  it('passes arguments as they are, without a shell', async () => {
    const result = await run({ command: 'printf', args: ['%s|', '$(id)', '; echo hi', '`id`', 'a b'], timeoutMs: 5000 });
    expect(result.output).toBe('$(id)|; echo hi|`id`|a b|');
  });

  it('on timeout sends SIGTERM to the group, then SIGKILL after the grace period', async () => {
    const started = Date.now();
    // The ignored SIGTERM is inherited by the loop's children, so only SIGKILL ends this.
    const result = await run({
      command: 'sh',
      args: ['-c', 'trap "" TERM; echo started; while :; do sleep 0.05; done'],
      timeoutMs: 300,
    });
    expect(result.timedOut).toBe(true);
    expect(result.exitSignal).toBe('SIGKILL');
    expect(result.output).toBe('started');
    expect(Date.now() - started).toBeGreaterThanOrEqual(750);
  });

  it('kills the whole process group, children included', async () => {
    const result = await run({ command: 'sh', args: ['-c', 'sleep 30 & echo $!; wait'], timeoutMs: 300 });
    expect(result.timedOut).toBe(true);
    const child = Number(result.output.trim());
    expect(child).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await gone(child)).toBe(true);
  });

  it('stops at 256 KiB of output and says so', async () => {
    const started = Date.now();
    const result = await run({ command: 'yes', args: ['0123456789abcdef'], timeoutMs: 10_000 });
    expect(result.truncated).toBe(true);
    expect(result.timedOut).toBe(false);
    const lines = result.output.split('\n');
    expect(lines.at(-1)).toBe('[output truncated at 262144 bytes]');
    expect(Buffer.byteLength(lines.slice(0, -1).join('\n'))).toBe(262_144); // exactly the cap, last line cut short
    expect(lines.at(-2)).toBe('0123456789abcdef'.slice(0, 262_144 % 17));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('kills the run when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const result = await run({ command: 'sleep', args: ['30'], timeoutMs: 20_000, signal: controller.signal });
    expect(result.aborted).toBe(true);
    expect(result.exitSignal).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('turns arguments node refuses into a spawn failure instead of throwing', async () => {
    const result = await run({ command: 'echo', args: ['a\u0000b'], timeoutMs: 5000 });
    expect(result.spawnError).toBeDefined();
    expect(result.exitCode).toBeNull();
  });

  it('reports a program that is not installed', async () => {
    const result = await createProcessRunner({ searchPath: emptyDir })({ command: 'ping', args: ['-c', '1', '127.0.0.1'], timeoutMs: 5000 });
    expect(result.spawnError?.code).toBe('ENOENT');
    expect(result.exitCode).toBeNull();
  });
});
