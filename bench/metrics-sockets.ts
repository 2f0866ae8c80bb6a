/**
 * Issue 4 (c): 1,000 then 5,000 sockets (socket.io-client, websocket transport, loopback) subscribed to the 1 Hz
 * `metrics_update` of the real app (its own process, METRICS_INTERVAL_SECONDS=1, SQLite in a temporary directory).
 * Per phase: delivery latency p50/p99 — arrival minus the start of the server's push round (lib/metrics-send-stamp.ts;
 * target p99 < 50 ms at 5,000) —, the age of the reading on arrival (arrival minus the sample's `timestamp`), push
 * rounds per second, server RSS and CPU. The sockets are spread over CLIENT_PROCESSES child processes so that
 * decoding on the client side is not one event loop's bottleneck. Everything stops by itself.
 * Run: node --import tsx bench/metrics-sockets.ts [sockets, default "1000,5000"]   (BENCH_SECONDS, default 5)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { STAMP_KEY } from './lib/metrics-send-stamp.js';
import { cpuMsOf, registerOwner, rssMbOf, startApp, type ServerProcess } from './lib/servers.js';

type ToClients = { type: 'connect'; port: number; token: string; count: number } | { type: 'measure' } | { type: 'report' };
type FromClients = { type: 'connected' } | { type: 'report'; delivery: number[]; age: number[]; rounds: number[] };

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENT_PROCESSES = 4;
const SETTLE_MS = 3000;
const TARGET_P99_MS = 50;
const TARGET_AT = 5000;
const GIVE_UP_MS = 5 * 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Child process: opens sockets on request and records each `metrics_update`'s delivery latency and reading age. */
function runClients(): void {
  const sockets: Socket[] = [];
  let delivery: number[] = [];
  let age: number[] = [];
  let rounds = new Set<number>();
  let measuring = false;
  process.on('disconnect', () => {
    for (const s of sockets) s.close();
    process.exit(0); // the benchmark ended or died: never linger
  });
  const open = (port: number, token: string) => new Promise<void>((resolve, reject) => {
    const s = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
    sockets.push(s);
    s.on('metrics_update', (m: Record<string, unknown>) => {
      if (!measuring) return;
      const now = Date.now();
      const pushedAt = Number(m[STAMP_KEY]);
      delivery.push(now - pushedAt);
      age.push(now - Date.parse(String(m.timestamp)));
      rounds.add(pushedAt);
    });
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  process.on('message', (m: ToClients) => {
    if (m.type === 'measure') measuring = true;
    if (m.type === 'report') {
      process.send!({ type: 'report', delivery, age, rounds: [...rounds] } satisfies FromClients);
      [delivery, age, rounds, measuring] = [[], [], new Set(), false];
    }
    if (m.type === 'connect') {
      void (async () => {
        for (let i = 0; i < m.count; i += 50) await Promise.all(Array.from({ length: Math.min(50, m.count - i) }, () => open(m.port, m.token)));
        process.send!({ type: 'connected' } satisfies FromClients);
      })().catch((err: unknown) => {
        console.error('metrics-sockets clients:', err);
        process.exit(1);
      });
    }
  });
}

function openFilesLimit(): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s{2,}/)[1]) || 1024;
}

/** Sends a message to every client process and waits for each one's answer of type `answer`. */
function ask<T extends FromClients['type']>(clients: ChildProcess[], messages: ToClients[], answer: T): Promise<Array<Extract<FromClients, { type: T }>>> {
  return Promise.all(clients.map((c, i) => new Promise<Extract<FromClients, { type: T }>>((resolve) => {
    const on = (m: FromClients) => {
      if (m.type !== answer) return;
      c.off('message', on);
      resolve(m as Extract<FromClients, { type: T }>);
    };
    c.on('message', on);
    c.send(messages[i]);
  })));
}

async function run(): Promise<void> {
  const phases = (process.argv[2] ?? '1000,5000').split(',').map(Number).filter((n) => n > 0).sort((a, b) => a - b);
  const limit = openFilesLimit();
  const fits = phases.filter((n) => n + 200 <= limit);
  for (const n of phases.filter((p) => !fits.includes(p))) {
    console.log(`metrics-sockets: ${n} sockets skipped: the open-files limit is ${limit} (raise it with \`ulimit -n ${n + 1000}\` before running)`);
  }
  const timer = setTimeout(() => {
    console.error(`metrics-sockets: gave up after ${GIVE_UP_MS / 60_000} minutes`);
    process.exit(1);
  }, GIVE_UP_MS);
  timer.unref();
  let server: ServerProcess | undefined;
  const clients: ChildProcess[] = [];
  try {
    server = await startApp({ env: { METRICS_INTERVAL_SECONDS: '1' }, instrument: join(import.meta.dirname, 'lib', 'metrics-send-stamp.ts') });
    const token = await registerOwner(server.base);
    await sleep(1000); // start-up jobs (first history reading) settle
    const idleRss = rssMbOf(server.pid);
    for (let i = 0; i < CLIENT_PROCESSES; i++) {
      const child = fork(fileURLToPath(import.meta.url), ['--clients'], { execArgv: ['--import', 'tsx'] });
      child.once('exit', (code) => code && console.error(`metrics-sockets: client process exited with ${code}`));
      clients.push(child);
    }
    let connected = 0;
    for (const target of fits) {
      const started = performance.now();
      const add = target - connected;
      const share = (i: number) => Math.floor(add / CLIENT_PROCESSES) + (i < add % CLIENT_PROCESSES ? 1 : 0);
      await ask(clients, clients.map((_, i) => ({ type: 'connect', port: server!.port, token, count: share(i) })), 'connected');
      const connectS = (performance.now() - started) / 1000;
      connected = target;
      await sleep(SETTLE_MS);

      for (const c of clients) c.send({ type: 'measure' } satisfies ToClients);
      const cpu = cpuMsOf(server.pid);
      const clientCpu = clients.reduce((sum, c) => sum + cpuMsOf(c.pid!), 0);
      const windowStart = performance.now();
      await sleep(SECONDS * 1000);
      const reports = await ask(clients, clients.map(() => ({ type: 'report' })), 'report');
      const seconds = (performance.now() - windowStart) / 1000;
      const cpuPercent = (cpuMsOf(server.pid) - cpu) / 10 / seconds;
      const clientPercent = (clients.reduce((sum, c) => sum + cpuMsOf(c.pid!), 0) - clientCpu) / 10 / seconds;
      const rss = rssMbOf(server.pid);

      const delivery = reports.flatMap((r) => r.delivery).sort((a, b) => a - b);
      const age = reports.flatMap((r) => r.age).sort((a, b) => a - b);
      const rounds = new Set(reports.flatMap((r) => r.rounds)).size;
      const p99 = pct(delivery, 99);
      const verdict = target === TARGET_AT ? ` (target p99 < ${TARGET_P99_MS} ms): ${p99 < TARGET_P99_MS ? 'ok' : 'MISSED'}` : '';
      console.log(`metrics-sockets: ${target} sockets, ${(delivery.length / seconds).toFixed(0)} metrics_update/s; delivery (push round start → socket) ` +
        `p50 ${pct(delivery, 50)} ms, p99 ${p99} ms, max ${delivery.at(-1)} ms${verdict}`);
      console.log(`metrics-sockets: ${target} sockets: reading age on arrival p50 ${pct(age, 50)} ms, p99 ${pct(age, 99)} ms; ` +
        `${(rounds / seconds).toFixed(1)} push rounds/s; server (${server.code}/) RSS ${rss.toFixed(0)} MB (${idleRss.toFixed(0)} MB before any socket), ` +
        `CPU ${cpuPercent.toFixed(0)} % of a core (client processes ${clientPercent.toFixed(0)} %); ${add} sockets connected in ${connectS.toFixed(1)} s; ` +
        `load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
    }
  } finally {
    for (const c of clients) if (c.connected) c.disconnect();
    await server?.stop();
    clearTimeout(timer);
  }
}

if (process.argv[2] === '--clients') runClients();
else await run();
