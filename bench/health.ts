/**
 * GET /api/health/ throughput against a bare Fastify hello-world in the same run (target ≥ 80 %),
 * time from process start to listening on SQLite (target ≤ 1 s) and idle RSS (target ≤ 80 MB).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { load } from './lib/load.js';
import { rssMbOf, startBare } from './lib/servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const root = resolve(import.meta.dirname, '..');

/** Starts the real server as its own process, the way `npm start` does. */
async function everyst(): Promise<{ url: string; startupMs: number; pid: number; close: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-'));
  const started = performance.now();
  const entry = join(root, 'dist', 'cli.js');
  const child = spawn(process.execPath, [entry, 'serve'], {
    env: { ...process.env, EVERYST_DATA_DIR: dataDir, API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((ok, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  const startupMs = performance.now() - started;
  return {
    url: `http://127.0.0.1:${port}/api/health/`, startupMs, pid: child.pid!,
    close: () => {
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<void> {
  const bare = await startBare();
  const base = { url: `${bare.base}/hello`, close: () => bare.stop() };
  const server = await everyst();
  await new Promise((r) => setTimeout(r, 1500));
  const idleRss = rssMbOf(server.pid);
  await load(base.url, { seconds: 1, connections: CONNECTIONS });
  await load(server.url, { seconds: 1, connections: CONNECTIONS });
  const bareResult = await load(base.url, { seconds: SECONDS, connections: CONNECTIONS });
  const healthResult = await load(server.url, { seconds: SECONDS, connections: CONNECTIONS });
  server.close();
  await base.close();
  const ratio = healthResult.perSecond / bareResult.perSecond;
  console.log(`health: bare fastify ${bareResult.perSecond.toFixed(0)} req/s, GET /api/health/ ${healthResult.perSecond.toFixed(0)} req/s ` +
    `(p50 ${healthResult.p50.toFixed(2)} ms, errors ${healthResult.errors}) → ratio ${(ratio * 100).toFixed(1)} % (target ≥ 80 %)`);
  console.log(`health: startup to listening ${server.startupMs.toFixed(0)} ms (target ≤ 1000 ms), idle RSS ${idleRss.toFixed(1)} MB (target ≤ 80 MB)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
