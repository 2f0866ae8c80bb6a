/**
 * The real `everyst` CLI as child processes, from source: one-shot commands with their output, and servers on a
 * free loopback port that `stopCliServers()` kills (call it in afterEach).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
export const CLI_PASSWORD = 'Violet-Harbor-Engine-77';
const BASE_ENV = { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', LOG_LEVEL: 'silent' };

export interface CliRun { code: number | null; stdout: string; stderr: string }

/** Runs `everyst <args>` with `stdin` written to it; resolves when it has exited. */
export function runCli(args: string[], env: Record<string, string>, stdin = ''): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...BASE_ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const servers: ChildProcess[] = [];

export function stopCliServers(): void {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
}

/** `everyst serve` on a free loopback port; resolves once it listens. */
export async function startCliServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...BASE_ENV, ...env, API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let out = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) resolvePort(Number(match[1]));
    });
    child.on('close', () => reject(new Error(`server exited early: ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}
