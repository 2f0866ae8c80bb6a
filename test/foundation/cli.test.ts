import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
const STRONG = 'Violet-Harbor-Engine-77';

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', LOG_LEVEL: 'silent', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const freshEnv = () => ({ EVERYST_DATA_DIR: mkdtempSync(join(tmpdir(), 'everyst-cli-')) });

// Each case spawns the CLI from source (tsx) several times: slow on a loaded 2-core machine.
describe('everyst CLI', { timeout: 120_000 }, () => {
  it('migrates, and a second run is a no-op', async () => {
    const env = freshEnv();
    const first = await run(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Applied migrations: 001-accounts');
    const second = await run(['migrate'], env);
    expect(second.stdout).toContain('Database is up to date.');
  });

  it('stops with status 78 and names the variable on invalid configuration', async () => {
    const res = await run(['serve'], { ...freshEnv(), API_PORT: 'eighty' });
    expect(res.code).toBe(78);
    expect(res.stderr).toContain('Invalid configuration: API_PORT: not an integer. Expected an integer from 0 to 65535.');
  });

  it('creates users with the password from stdin and applies the policy', async () => {
    const env = freshEnv();
    const owner = await run(['users', 'create', '--username', 'root1', '--role', 'owner'], env, `${STRONG}\n`);
    expect(owner.stderr).toBe('');
    expect(owner.stdout).toContain('Created user root1 (id 1, role owner)');
    const secondOwner = await run(['users', 'create', '--username', 'root2', '--role', 'owner'], env, `${STRONG}\n`);
    expect(secondOwner.code).toBe(1);
    expect(secondOwner.stderr).toContain('There can only be one system owner');
    const weak = await run(['users', 'create', '--username', 'bob', '--role', 'user'], env, '12345678\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('This password is entirely numeric.');
    const missing = await run(['users', 'create', '--username', 'bob'], env);
    expect(missing.code).toBe(2);
    const reset = await run(['users', 'set-password', 'root1'], env, 'Another-Long-Phrase-31\n');
    expect(reset.code).toBe(0);
    const unknown = await run(['users', 'set-password', 'nobody'], env, 'Another-Long-Phrase-31\n');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No user named "nobody"');
  });

  it('prints its version, and the help of each command', async () => {
    const version = await run(['--version'], freshEnv());
    expect(version.code).toBe(0);
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string };
    expect(version.stdout).toBe(`everyst ${pkg.version} (Node.js ${process.version})\n`);
    const users = await run(['users', '--help'], freshEnv());
    expect(users.code).toBe(0);
    expect(users.stdout).toContain('users create --username U --role R');
    expect(users.stdout).toContain('users unlock U');
    expect(users.stdout).not.toContain('worker');
    const worker = await run(['worker', '--help'], freshEnv());
    expect([worker.code, worker.stdout]).toEqual([0, expect.stringContaining('--drain-seconds N')]);
    const setPassword = await run(['users', 'set-password', '--help'], freshEnv());
    expect([setPassword.code, setPassword.stdout]).toEqual([0, expect.stringContaining('users set-password U')]);
  });

  it('rejects unknown commands', async () => {
    const res = await run(['frobnicate'], freshEnv());
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('Unknown command "frobnicate"');
  });

  it('serves, then shuts down gracefully on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', ...freshEnv(), API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /"port":(\d+)/.exec(out);
        if (match) resolvePort(Number(match[1]));
      });
      child.on('close', () => reject(new Error(`server exited early: ${out}`)));
    });
    expect(out).toContain('"dataDir"');
    expect(out).not.toMatch(/secret/i);
    const res = await fetch(`http://127.0.0.1:${port}/api/health/`);
    expect(res.status).toBe(200);
    // An in-flight request: its body is half sent when the signal arrives, and it still gets its answer.
    const body = JSON.stringify({ username: 'nobody', password: 'wrong-password-here' });
    const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/auth/login/', headers: { 'content-type': 'application/json', 'content-length': body.length } });
    const answered = new Promise<number>((r, reject) => {
      req.on('response', (response) => r(response.statusCode ?? 0));
      req.on('error', reject);
    });
    req.write(body.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    req.end(body.slice(10));
    expect(await answered).toBe(401);
    expect(await exited).toBe(0);
    expect(out).toContain('stopped');
  });
});
