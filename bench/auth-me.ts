/**
 * Authenticated `GET /api/users/me/` throughput against a bare Fastify hello-world in the same run (target ≥ 40 %),
 * and login latency p50 (target ≤ 250 ms). Both servers run in their own process on 127.0.0.1 with an ephemeral
 * port; the real app uses SQLite in a temporary data directory and LOG_LEVEL silent.
 * Run: node --import tsx bench/auth-me.ts   (BENCH_SECONDS, default 5: seconds of load per server, in alternating slices)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load } from './lib/load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const LOGINS = 30;
const TARGET_RATIO = 0.4;
const TARGET_LOGIN_P50_MS = 250;
const START_TIMEOUT_MS = 30_000;
/** USER_HZ of /proc/<pid>/stat: 100 on Linux for every architecture Node supports. */
const CLOCK_TICKS = 100;
const PASSWORD = 'Correct-Horse-Battery-9';
const self = fileURLToPath(import.meta.url);

/** Child role: serve the bare hello-world or the real app, print the bound port, stop on SIGTERM. */
async function serve(role: string): Promise<void> {
  let close: () => Promise<void>;
  let port: number;
  if (role === 'bare') {
    const { default: Fastify } = await import('fastify');
    const app = Fastify();
    app.get('/hello', async () => ({ hello: 'world' }));
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as { port: number }).port;
    close = () => app.close();
  } else {
    const { loadConfig } = await import('../src/config/config.js');
    const { buildApp } = await import('../src/app.js');
    const config = loadConfig({
      EVERYST_DATA_DIR: String(process.argv[3]), LOG_LEVEL: 'silent', API_HOST: '127.0.0.1', API_PORT: '0',
      SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_RESOLVE_NAMES: 'false',
    }, { dotenv: false });
    const app = await buildApp(config);
    port = await app.listen();
    close = () => app.close();
  }
  const stop = () => void close().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  // The parent holds our stdin open: when it ends (even by a crash) this server stops too.
  process.stdin.on('end', stop).resume();
  process.stdout.write(`PORT ${port}\n`);
}

/** Starts this file in a server role and waits for its port. */
function start(role: string, extra: string[] = []): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, role, ...extra], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} server did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ port: Number(m[1]), child });
      }
    });
    child.on('exit', (code) => reject(new Error(`${role} server exited with ${code}`)));
  });
}

/** CPU time (user + system) a child process has used so far, from /proc (Linux). */
function cpuMsOf(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** SIGTERM, then SIGKILL if the server has not exited 5 s later. */
function stop(child: ChildProcess): Promise<void> {
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

async function post(base: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json, ms: performance.now() - started };
}

async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-auth-'));
  const children: ChildProcess[] = [];
  try {
    const bare = await start('bare');
    children.push(bare.child);
    const everyst = await start('app', [dataDir]);
    children.push(everyst.child);
    const base = `http://127.0.0.1:${everyst.port}`;

    const registered = await post(base, '/api/auth/register/', { username: 'bench', email: 'bench@example.com', password: PASSWORD });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
    const logins: number[] = [];
    let access = '';
    for (let i = 0; i < LOGINS; i++) {
      const res = await post(base, '/api/auth/login/', { username: 'bench', password: PASSWORD });
      if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      logins.push(res.ms);
      access = String(res.json.access);
    }
    logins.sort((a, b) => a - b);
    const loginP50 = logins[Math.floor(logins.length / 2)];

    const meUrl = `${base}/api/users/me/`;
    const headers = { authorization: `Bearer ${access}` };
    const helloUrl = `http://127.0.0.1:${bare.port}/hello`;
    await load(helloUrl, { seconds: 1, connections: CONNECTIONS });
    await load(meUrl, { seconds: 1, connections: CONNECTIONS, headers });
    // Alternating one-second slices, so that load from elsewhere on the machine weighs on both sides alike.
    const hello = { requests: 0, seconds: 0, cpuMs: 0, latencies: [] as number[] };
    const me = { requests: 0, seconds: 0, cpuMs: 0, errors: 0, latencies: [] as number[] };
    for (let round = 0; round < SECONDS; round++) {
      let cpu = cpuMsOf(bare.child);
      const h = await load(helloUrl, { seconds: 1, connections: CONNECTIONS });
      hello.cpuMs += cpuMsOf(bare.child) - cpu;
      cpu = cpuMsOf(everyst.child);
      const m = await load(meUrl, { seconds: 1, connections: CONNECTIONS, headers });
      me.cpuMs += cpuMsOf(everyst.child) - cpu;
      hello.requests += h.requests;
      hello.seconds += h.seconds;
      hello.latencies.push(h.p50);
      me.requests += m.requests;
      me.seconds += m.seconds;
      me.errors += m.errors;
      me.latencies.push(m.p50);
    }
    const helloRate = hello.requests / hello.seconds;
    const meRate = me.requests / me.seconds;
    const ratio = meRate / helloRate;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    console.log(`auth-me: bare fastify ${helloRate.toFixed(0)} req/s (p50 ${median(hello.latencies).toFixed(2)} ms), ` +
      `GET /api/users/me/ ${meRate.toFixed(0)} req/s (p50 ${median(me.latencies).toFixed(2)} ms, errors ${me.errors}) ` +
      `→ ratio ${(ratio * 100).toFixed(1)} % (target ≥ ${TARGET_RATIO * 100} %): ${ratio >= TARGET_RATIO && me.errors === 0 ? 'ok' : 'MISSED'}`);
    const helloCpu = (hello.cpuMs * 1000) / hello.requests;
    const meCpu = (me.cpuMs * 1000) / me.requests;
    console.log(`auth-me: server CPU per request: bare ${helloCpu.toFixed(0)} µs, GET /api/users/me/ ${meCpu.toFixed(0)} µs ` +
      `→ CPU ratio ${((helloCpu / meCpu) * 100).toFixed(1)} % (less sensitive than req/s to other load on the machine)`);
    console.log(`auth-me: login p50 ${loginP50.toFixed(1)} ms over ${LOGINS} logins (min ${logins[0].toFixed(1)}, max ${logins[logins.length - 1].toFixed(1)}) ` +
      `(target ≤ ${TARGET_LOGIN_P50_MS} ms): ${loginP50 <= TARGET_LOGIN_P50_MS ? 'ok' : 'MISSED'}`);
    console.log(`auth-me: ${CONNECTIONS} keep-alive connections, ${SECONDS} alternating 1 s slices per server, servers in their own processes`);
  } finally {
    await Promise.all(children.map((c) => stop(c)));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const role = process.argv[2];
if (role === 'bare' || role === 'app') await serve(role);
else if (import.meta.url === `file://${process.argv[1]}`) await run();
