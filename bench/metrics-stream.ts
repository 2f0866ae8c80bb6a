/**
 * Cost of live metrics: CPU of an idle server with no socket, then with 1 and with 10 sockets subscribed (default
 * interval METRICS_INTERVAL_SECONDS = 1 s, every group), each over BENCH_SECONDS (default 5); RSS after each phase.
 * The server runs as its own process (dist/cli.js as `npm run bench` builds it; BENCH_FROM_SOURCE=1 runs src/ via tsx).
 * Run: node --import tsx bench/metrics-stream.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const root = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
}

async function server(): Promise<{ port: number; pid: number; close: () => void }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-'));
  const dist = join(root, process.env.BENCH_DIST ?? 'dist', 'cli.js');
  const args = process.env.BENCH_FROM_SOURCE || !existsSync(dist) ? ['--import', 'tsx', join(root, 'src', 'cli.ts'), 'serve'] : [dist, 'serve'];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, EVERYST_DATA_DIR: dataDir, API_PORT: '0', API_HOST: '127.0.0.1', LOG_LEVEL: 'info', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8' },
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
  child.stdout.resume();
  return { port, pid: child.pid!, close: () => { child.kill('SIGTERM'); rmSync(dataDir, { recursive: true, force: true }); } };
}

async function cpuTicks(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** CPU of the server process over SECONDS, as % of one core. */
async function measure(pid: number, ticksPerSecond: number): Promise<number> {
  const before = await cpuTicks(pid);
  const started = performance.now();
  await sleep(SECONDS * 1000);
  const seconds = (performance.now() - started) / 1000;
  return ((await cpuTicks(pid)) - before) / ticksPerSecond / seconds * 100;
}

async function subscribe(port: number, token: string, count: number): Promise<{ sockets: Socket[]; updates: () => number }> {
  let updates = 0;
  const sockets = await Promise.all(Array.from({ length: count }, () => new Promise<Socket>((ok, fail) => {
    const s = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
    s.on('metrics_update', () => updates++);
    s.once('connect', () => ok(s));
    s.once('connect_error', fail);
  })));
  return { sockets, updates: () => updates };
}

export async function run(): Promise<void> {
  const ticks = clockTicks();
  const srv = await server();
  try {
    const res = await fetch(`http://127.0.0.1:${srv.port}/api/auth/register/`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'bench', email: 'bench@example.com', password: 'Correct-Horse-Battery-9' }),
    });
    const { access } = (await res.json()) as { access: string };
    await sleep(2000); // start-up jobs (first history reading, retention) settle

    const idle = await measure(srv.pid, ticks);
    const idleRss = await rssMb(srv.pid);

    const one = await subscribe(srv.port, access, 1);
    await sleep(1000);
    const start1 = one.updates();
    const withOne = await measure(srv.pid, ticks);
    const oneRss = await rssMb(srv.pid);
    const oneRate = (one.updates() - start1) / SECONDS;

    const ten = await subscribe(srv.port, access, 9);
    await sleep(1000);
    const start10 = one.updates() + ten.updates();
    const withTen = await measure(srv.pid, ticks);
    const tenRss = await rssMb(srv.pid);
    const tenRate = (one.updates() + ten.updates() - start10) / SECONDS;
    [...one.sockets, ...ten.sockets].forEach((s) => s.close());

    await sleep(1500);
    const after = await measure(srv.pid, ticks);
    console.log(`metrics-stream: CPU over ${SECONDS} s (% of one core): idle, no socket ${idle.toFixed(2)} %; ` +
      `1 subscriber ${withOne.toFixed(2)} % (${oneRate.toFixed(1)} updates/s); 10 subscribers ${withTen.toFixed(2)} % (${tenRate.toFixed(1)} updates/s); ` +
      `after they left ${after.toFixed(2)} %`);
    console.log(`metrics-stream: RSS idle ${idleRss.toFixed(1)} MB, 1 subscriber ${oneRss.toFixed(1)} MB, 10 subscribers ${tenRss.toFixed(1)} MB`);
  } finally {
    srv.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
