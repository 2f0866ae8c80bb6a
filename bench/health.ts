/**
 * GET /api/health/ throughput against a bare Fastify hello-world in the same run (target ≥ 90 %; also against the
 * same reply served from memory, lib/compare.ts), time from process start to listening on SQLite (target ≤ 1 s; the
 * median of STARTS starts, each on a fresh data directory) and idle RSS (target ≤ 90 MB).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compareThroughput, describeComparison } from './lib/compare.js';
import { rssMbOf, stopChild } from './lib/servers.js';

// Ten slices per server: this ratio moves most with the load from elsewhere on the machine.
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;
const SETTLE_MS = 15_000;
const STARTS = 5;
const TARGET = { ratio: 0.9, against: 'hello' } as const;
const TARGET_IDLE_RSS_MB = 90;
const root = resolve(import.meta.dirname, '..');

/** Starts the real server as its own process, the way `npm start` does. */
async function everyst(): Promise<{ port: number; startupMs: number; pid: number; close: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-'));
  const started = performance.now();
  const entry = join(root, 'dist', 'cli.js');
  const child = spawn(process.execPath, [entry, 'serve'], {
    env: { ...process.env, EVERYST_DATA_DIR: dataDir, API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const port = await new Promise<number>((ok, fail) => {
    const startupLines = (d: Buffer) => {
      out += d.toString();
      const m = /"port":(\d+)/.exec(out);
      if (!m) return;
      // From now on the request log is only drained: the load generator shares this process.
      child.stdout.off('data', startupLines).resume();
      ok(Number(m[1]));
    };
    child.stdout.on('data', startupLines);
    child.on('exit', (code) => fail(new Error(`server exited with ${code}`)));
  });
  const startupMs = performance.now() - started;
  return {
    port, startupMs, pid: child.pid!,
    close: async () => {
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function run(): Promise<void> {
  const startups: number[] = [];
  for (let i = 1; i < STARTS; i++) {
    const started = await everyst();
    startups.push(started.startupMs);
    await started.close();
  }
  const server = await everyst();
  startups.push(server.startupMs);
  startups.sort((a, b) => a - b);
  const startupMs = startups[Math.floor(startups.length / 2)]!;
  try {
    // Idle: a server nobody talks to. Some seconds after start-up V8's memory reducer returns the heap it left spare.
    await new Promise((r) => setTimeout(r, 1500));
    const rssAfterStart = rssMbOf(server.pid);
    await new Promise((r) => setTimeout(r, SETTLE_MS - 1500));
    const idleRss = rssMbOf(server.pid);
    const app = { base: `http://127.0.0.1:${server.port}`, pid: server.pid };
    const result = await compareThroughput({ app, path: '/api/health/', slices: SECONDS, connections: CONNECTIONS });
    for (const line of describeComparison('health', 'GET /api/health/', result, { target: TARGET, slices: SECONDS, connections: CONNECTIONS, detail: 'LOG_LEVEL info' })) {
      console.log(line);
    }
    console.log(`health: startup to listening, median of ${STARTS} starts ${startupMs.toFixed(0)} ms ` +
      `(${startups.map((ms) => ms.toFixed(0)).join(', ')}) (target ≤ 1000 ms): ${startupMs <= 1000 ? 'ok' : 'MISSED'}`);
    console.log(`health: RSS ${rssAfterStart.toFixed(1)} MB 1.5 s after start, idle RSS ${idleRss.toFixed(1)} MB after ${SETTLE_MS / 1000} s without requests ` +
      `(target ≤ ${TARGET_IDLE_RSS_MB} MB): ${idleRss <= TARGET_IDLE_RSS_MB ? 'ok' : 'MISSED'}`);
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
