/**
 * The servers of the HTTP and socket benchmarks, each in its own process so that both compete for the CPU alike:
 * the bare Fastify (bare-server.ts) and the real app (app-server.ts, SQLite in a temporary data
 * directory that `stop()` removes). Both stop by themselves when the benchmark process ends.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { codeSource } from './built.js';
import { checkReplay, type CapturedReply } from './replay.js';
// @ts-expect-error -- plain JavaScript beside the launcher, without type declarations
import { MALLOC_ARENAS, SEMI_SPACE_FLAG } from '../../bin/memory-tuning.js';

const START_TIMEOUT_MS = 30_000;
/** USER_HZ of /proc/<pid>/stat: 100 on Linux for every architecture Node supports. */
const CLOCK_TICKS = 100;
export const BENCH_PASSWORD = 'Correct-Horse-Battery-9';

export interface ServerProcess {
  port: number;
  base: string;
  child: ChildProcess;
  pid: number;
  /** The real app's code: the build in dist/ or src/ through tsx (app-server.ts). */
  code?: 'dist' | 'src';
  stop(): Promise<void>;
}

function startChild(name: string, args: string[], cleanup = () => {}, tuned = false): Promise<ServerProcess> {
  // Everyst runs as `everyst serve` launches it (bin/memory-tuning.js); the comparison servers run as plain Node.
  const child = spawn(process.execPath, [...(tuned ? [SEMI_SPACE_FLAG] : []), '--import', 'tsx', ...args], {
    stdio: ['pipe', 'pipe', 'inherit'], env: tuned ? { ...process.env, MALLOC_ARENA_MAX: MALLOC_ARENAS } : process.env,
  });
  const stop = () => stopChild(child).finally(cleanup);
  return new Promise((resolve, reject) => {
    let out = '';
    let started = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      void stop().then(() => reject(error));
    };
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      if (started) return;
      out += d.toString();
      const m = /PORT (\d+)(?: (dist|src))?\n/.exec(out);
      if (!m) return;
      started = true;
      clearTimeout(timer);
      const port = Number(m[1]);
      resolve({ port, base: `http://127.0.0.1:${port}`, child, pid: child.pid!, code: m[2] as ServerProcess['code'], stop });
    });
    child.once('exit', (code) => (started ? cleanup() : fail(new Error(`${name} exited with ${code}`))));
  });
}

/**
 * The baseline: `GET <base>/hello` answers `{"hello":"world"}`; with `captured`, `GET <base>/replay` answers that
 * reply from memory, checked byte for byte before this resolves.
 */
export async function startBare(captured?: CapturedReply): Promise<ServerProcess> {
  const entry = join(import.meta.dirname, 'bare-server.ts');
  if (!captured) return startChild('bare fastify', [entry]);
  const dir = mkdtempSync(join(tmpdir(), 'everyst-bench-reply-'));
  try {
    const file = join(dir, 'reply.json');
    writeFileSync(file, JSON.stringify(captured));
    const bare = await startChild('bare fastify', [entry, file]);
    await checkReplay(`${bare.base}/replay`, captured).catch(async (error: unknown) => {
      await bare.stop();
      throw error;
    });
    return bare;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The settings every benchmark server runs with, under those of the benchmark. */
const APP_DEFAULTS = {
  LOG_LEVEL: 'silent', API_HOST: '127.0.0.1', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_RESOLVE_NAMES: 'false',
};

/**
 * The real app. `env`: settings on top of the benchmark defaults; `instrument`: path of a module whose
 * `instrument(app)` runs in the server process before it listens (then through app-server.ts). Without one, and
 * with a current build, it runs exactly as users start it: `everyst serve` from bin/everyst.js (its memory tuning
 * included), configured by the environment, with no TypeScript loader in the process.
 */
export function startApp(opts: { env?: Record<string, string>; instrument?: string } = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', remove); // also when the benchmark gives up with process.exit()
  const cleanup = () => {
    remove();
    process.removeListener('exit', remove);
  };
  if (!opts.instrument && codeSource === 'dist') return startCli(dataDir, opts.env ?? {}, cleanup);
  const args = [join(import.meta.dirname, 'app-server.ts'), dataDir, JSON.stringify({ ...APP_DEFAULTS, ...opts.env }), ...(opts.instrument ? [opts.instrument] : [])];
  return startChild('everyst', args, cleanup, process.env.EVERYST_MEMORY_TUNING !== '0');
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** What the CLI server takes from this process's environment: no setting of the shell it was started from. */
function passedThrough(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'LANG', 'TZ', 'NODE_OPTIONS', 'MALLOC_ARENA_MAX', 'EVERYST_MEMORY_TUNING'];
  return Object.fromEntries(keep.flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]!]])));
}

async function startCli(dataDir: string, env: Record<string, string>, cleanup: () => void): Promise<ServerProcess> {
  const port = await freePort();
  const cli = join(import.meta.dirname, '..', '..', 'bin', 'everyst.js');
  const child = spawn(process.execPath, [cli, 'serve'], {
    cwd: dataDir, // no .env of the checkout
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...passedThrough(), ...APP_DEFAULTS, EVERYST_DATA_DIR: dataDir, ...env, API_PORT: String(port) },
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => {
    process.removeListener('exit', killOnExit);
    cleanup();
  });
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = { port, base, child, pid: child.pid!, code: 'dist', stop: () => stopChild(child) };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`everyst serve exited with ${child.exitCode}`);
    const ready = await fetch(`${base}/api/health/`).then((r) => r.ok, () => false);
    if (ready) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  throw new Error(`everyst serve did not answer within ${START_TIMEOUT_MS} ms`);
}

/** SIGTERM, then SIGKILL if the process has not exited 5 s later. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** CPU time (ms) of this process's finished, waited-for children (cutime + cstime). */
export function childrenCpuMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

export function rssMbOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Registers the first user (the owner) of a fresh app and returns an access token. */
export async function registerOwner(base: string, username = 'bench'): Promise<string> {
  const res = await postJson(`${base}/api/auth/register/`, { username, email: `${username}@example.com`, password: BENCH_PASSWORD });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${JSON.stringify(res.json)}`);
  const login = await postJson(`${base}/api/auth/login/`, { username, password: BENCH_PASSWORD });
  if (login.status !== 200) throw new Error(`login answered ${login.status}`);
  return String(login.json.access);
}
