/**
 * Scale-out: two API instances against one, in the same run, both on one PostgreSQL schema and a private Redis
 * (the Socket.IO Redis adapter on). (1) Authenticated `GET /api/users/` throughput: 16 keep-alive connections on
 * one instance, then 8 on each of two. (2) Socket fan-out: sockets spread over the instances, a system
 * notification created on the first instance, time until every socket has it. Every server is its own process
 * on 127.0.0.1; the load generator shares the machine, so on few cores two instances gain little. Stops by itself.
 * Needs PostgreSQL (TEST_POSTGRES_URL) and redis-server; skips with a message without them.
 * Run: node --import tsx bench/scale.ts   (BENCH_SECONDS per HTTP run, default 5; BENCH_SOCKETS, default 200)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { load, type LoadResult } from './lib/load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 200);
const ROUNDS = 20;
const CONNECTIONS = 16;
const START_TIMEOUT_MS = 60_000;
const ROUND_TIMEOUT_MS = 10_000;
const PASSWORD = 'Correct-Horse-Battery-9';
const self = fileURLToPath(import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Child role: one API instance on the shared database and Redis; prints its port, stops when stdin ends. */
async function serve(name: string, databaseUrl: string, redisPort: string): Promise<void> {
  const { loadConfig } = await import('../src/config/config.js');
  const { buildApp } = await import('../src/app.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-'));
  const config = loadConfig({
    EVERYST_DATA_DIR: dataDir, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef', LOG_LEVEL: 'silent',
    API_HOST: '127.0.0.1', API_PORT: '0', DATABASE_URL: databaseUrl, REDIS_HOST: '127.0.0.1', REDIS_PORT: redisPort,
    EVERYST_INSTANCE_NAME: name, SECURITY_CHECK_MINUTES: '0', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_RESOLVE_NAMES: 'false',
  }, { dotenv: false });
  const app = await buildApp(config);
  const port = await app.listen();
  const stop = () => void app.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop).resume();
  process.stdout.write(`PORT ${port}\n`);
}

function start(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', self, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args[1]} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}`, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`${args[1]} exited with ${code}`)));
  });
}

/** A private redis-server on a free port, persisting nothing. */
async function startRedis(): Promise<{ port: number; child: ChildProcess }> {
  const { freePort } = await import('../test/scale/helpers/redis-server.js');
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await sleep(300);
  return { port, child };
}

async function post(url: string, path: string, token: string | null, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url + path, {
    method: 'POST', body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const line = (label: string, r: LoadResult) =>
  `  ${label.padEnd(12)} ${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${r.p50.toFixed(1)} ms   p95 ${r.p95.toFixed(1)} ms   errors ${r.errors}`;

function combine(results: LoadResult[]): LoadResult {
  const requests = results.reduce((s, r) => s + r.requests, 0);
  const seconds = Math.max(...results.map((r) => r.seconds));
  const weighted = (k: 'p50' | 'p95' | 'p99') => results.reduce((s, r) => s + r[k] * r.requests, 0) / requests;
  const sum = (k: 'perSecond' | 'errors' | 'clientCpuMs') => results.reduce((s, r) => s + r[k], 0);
  return { requests, seconds, perSecond: sum('perSecond'), errors: sum('errors'), p50: weighted('p50'), p95: weighted('p95'), p99: weighted('p99'), clientCpuMs: sum('clientCpuMs') };
}

/** Sockets spread round-robin over `urls`; each round creates a system notification on urls[0]. */
async function fanOut(urls: string[], token: string): Promise<{ p50: number; max: number; perSecond: number }> {
  const sockets: Socket[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < SOCKETS; i++) {
    const socket = io(urls[i % urls.length], { path: '/socket.io/', transports: ['websocket'], query: { token }, forceNew: true, reconnection: false });
    socket.on('notification', (n: { title: string }) => seen.set(n.title, (seen.get(n.title) ?? 0) + 1));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    sockets.push(socket);
  }
  const times: number[] = [];
  const tag = `${urls.length}-${Date.now()}`;
  const began = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const title = `fan-out ${tag} ${round}`;
    const started = performance.now();
    await post(urls[0], '/api/notifications/', token, { title, message: 'bench', is_system: true });
    while ((seen.get(title) ?? 0) < SOCKETS) {
      if (performance.now() - started > ROUND_TIMEOUT_MS) throw new Error(`round ${round}: ${seen.get(title) ?? 0}/${SOCKETS} sockets reached`);
      await sleep(1);
    }
    times.push(performance.now() - started);
  }
  const total = (performance.now() - began) / 1000;
  for (const s of sockets) s.close();
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)], max: times[times.length - 1], perSecond: (SOCKETS * ROUNDS) / total };
}

async function main(): Promise<void> {
  const { postgresReachable, createPostgresSchema } = await import('../test/helpers/databases.js');
  let redisMissing = false;
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
  } catch {
    redisMissing = true;
  }
  if (redisMissing || !(await postgresReachable())) {
    console.log(`scale benchmark skipped: needs PostgreSQL and redis-server${redisMissing ? ' (Debian package: redis-server)' : ''}`);
    return;
  }
  const schema = await createPostgresSchema();
  const redis = await startRedis();
  const servers: ChildProcess[] = [redis.child];
  try {
    const a = await start(['serve', 'bench-a', schema.url, String(redis.port)]);
    servers.push(a.child);
    const b = await start(['serve', 'bench-b', schema.url, String(redis.port)]);
    servers.push(b.child);
    const { access } = await post(a.url, '/api/auth/register/', null, { username: 'owner', email: 'owner@example.com', password: PASSWORD }) as { access: string };
    const headers = { authorization: `Bearer ${access}` };
    for (let i = 0; i < 20; i++) await post(a.url, '/api/users/', access, { username: `user${i}`, email: `user${i}@example.com`, password: PASSWORD, role: 'user' });

    console.log(`machine: ${cpus().length} CPUs (servers and load generator share them)`);
    await load(`${a.url}/api/users/`, { seconds: 1, connections: CONNECTIONS, headers }); // warm-up
    const one = await load(`${a.url}/api/users/`, { seconds: SECONDS, connections: CONNECTIONS, headers });
    const two = combine(await Promise.all([a.url, b.url].map((u) => load(`${u}/api/users/`, { seconds: SECONDS, connections: CONNECTIONS / 2, headers }))));
    console.log(`GET /api/users/ with a token, ${CONNECTIONS} connections, ${SECONDS} s each`);
    console.log(line('1 instance', one));
    console.log(line('2 instances', two));
    console.log(`  ratio        ${(two.perSecond / one.perSecond).toFixed(2)}×`);

    const f1 = await fanOut([a.url], access);
    const f2 = await fanOut([a.url, b.url], access);
    console.log(`socket fan-out: ${SOCKETS} sockets, ${ROUNDS} system notifications created on the first instance`);
    for (const [label, f] of [['1 instance', f1], ['2 instances', f2]] as const) {
      console.log(`  ${label.padEnd(12)} all sockets reached in p50 ${f.p50.toFixed(1)} ms, max ${f.max.toFixed(1)} ms   ${f.perSecond.toFixed(0)} deliveries/s`);
    }
  } finally {
    for (const child of servers.reverse()) {
      child.stdin?.end();
      child.kill('SIGTERM');
    }
    await sleep(1000);
    await schema.drop();
  }
}

if (process.argv[2] === 'serve') await serve(process.argv[3], process.argv[4], process.argv[5]);
else await main().then(() => process.exit(0), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
