/** A child started through the process runner ends with the process that started it, however that ends. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { isRunning } from '../../../src/system/process/proc-stat.js';

const RUNNER = resolve(import.meta.dirname, '../../../src/system/process/start-child.ts');
const started: number[] = [];

/**
 * Runs a node process that starts `sleep 300` through the runner, prints the child's pid, then runs `after`
 * (JavaScript). Resolves with both pids once the child runs.
 */
async function parentWithChild(after: string): Promise<{ parent: number; child: number; exited: Promise<void> }> {
  const script = `
    const { startChild } = await import(${JSON.stringify(RUNNER)});
    const child = startChild({ command: 'sleep', args: ['300'], killGraceMs: 1000, onStdout: () => {} });
    await new Promise((r) => setTimeout(r, 200));
    console.log(JSON.stringify({ child: child.pid }));
    ${after}`;
  const parent = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((done) => parent.once('exit', () => done()));
  const line = await new Promise<string>((done, fail) => {
    createInterface({ input: parent.stdout! }).once('line', done);
    parent.once('exit', (code) => fail(new Error(`parent exited (${code}) before starting its child`)));
  });
  const child = (JSON.parse(line) as { child: number }).child;
  if (!(child > 0)) throw new Error(`no child pid in ${line}`);
  started.push(child, parent.pid!);
  return { parent: parent.pid!, child, exited };
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('children die with their parent process', () => {
  afterEach(() => {
    for (const pid of started.splice(0)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  });

  it('kill -9 of the parent: the kernel kills the child', async () => {
    const { parent, child, exited } = await parentWithChild('setInterval(() => {}, 1000);');
    expect(isRunning(child)).toBe(true);
    process.kill(parent, 'SIGKILL');
    await exited;
    await settle();
    expect(isRunning(child)).toBe(false);
  });

  it('the parent exits or crashes: the child is killed on the way out', async () => {
    for (const end of ['process.exit(0);', 'throw new Error("crash");']) {
      const { child, exited } = await parentWithChild(end);
      await exited;
      await settle();
      expect(isRunning(child), end).toBe(false);
    }
  });

  it('the parent-death signal belongs to the main thread: a worker thread ending does not kill the child', async () => {
    const worker = `
      const { Worker } = await import('node:worker_threads');
      await new Promise((r) => new Worker('1', { eval: true }).once('exit', r));
      await new Promise((r) => setTimeout(r, 300));
      console.log('worker ended');
      setInterval(() => {}, 1000);`;
    const { parent, child, exited } = await parentWithChild(worker);
    await new Promise((r) => setTimeout(r, 1500));
    expect(isRunning(child)).toBe(true);
    process.kill(parent, 'SIGKILL');
    await exited;
    await settle();
    expect(isRunning(child)).toBe(false);
  });
});
