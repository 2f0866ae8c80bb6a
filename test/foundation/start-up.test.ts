import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, waitFor } from '../helpers/wait.js';

const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
const PROBE = resolve(import.meta.dirname, '../fixtures/v8/tier-probe.mjs');

interface Served { child: ChildProcess; port: number; tiers: string[]; dataDir: string }
const running: Served[] = [];

/** `everyst serve` with the tier probe preloaded; `tiers` collects what the probe reports. */
async function serve(nodeFlags: string[] = []): Promise<Served> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-start-up-'));
  const child = spawn(process.execPath, ['--allow-natives-syntax', ...nodeFlags, '--import', PROBE, BIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', EVERYST_DATA_DIR: dataDir,
      API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: 'info', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const served: Served = { child, port: 0, tiers: [], dataDir };
  running.push(served);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    served.port ||= Number(/"port":(\d+)/.exec(out)?.[1] ?? 0);
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (err + d.toString()).split('\n');
    err = lines.pop()!; // an unfinished line waits for the rest
    for (const line of lines) if (line.startsWith('TIER ')) served.tiers.push(line.slice(5));
  });
  await waitFor(() => served.port > 0, 60_000, 'the server to listen');
  child.stdin!.write('start\n');
  return served;
}

afterEach(() => {
  for (const s of running.splice(0)) {
    s.child.kill('SIGKILL');
    rmSync(s.dataDir, { recursive: true, force: true });
  }
});

describe('start-up (runtime/start-up.ts)', { timeout: 120_000 }, () => {
  it('runs code only in the interpreter until the first client, then compiles hot code again', async () => {
    const server = await serve();
    await sleep(1500);
    const idle = server.tiers.length;
    expect(idle).toBeGreaterThan(5);
    expect(new Set(server.tiers)).toEqual(new Set(['interpreted']));

    const res = await fetch(`http://127.0.0.1:${server.port}/api/health/`);
    expect(res.status).toBe(200);
    await waitFor(() => server.tiers.slice(idle).includes('optimized'), 10_000, 'hot code to be optimized after the first request');
  });

  it('leaves the compilers as the user set them on the command line', async () => {
    const server = await serve(['--max-opt=1']);
    await waitFor(() => server.tiers.includes('baseline'), 10_000, 'Sparkplug code before any client');
    expect(server.tiers).not.toContain('optimized');
  });
});
