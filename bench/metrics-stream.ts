/**
 * Cost of live metrics: CPU of an idle server with no socket, then with 1 and with 10 sockets subscribed (default
 * interval METRICS_INTERVAL_SECONDS = 1 s, every group), each over BENCH_SECONDS (default 5); RSS after each phase.
 * The server runs as its own process (bench/lib/servers.ts startApp: dist/ when it is fresh, else src/ via tsx).
 * Run: node --import tsx bench/metrics-stream.ts
 */
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { io, type Socket } from 'socket.io-client';
import { startApp } from './lib/servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function clockTicks(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
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
  const srv = await startApp({ env: { LOG_LEVEL: 'info' } });
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
    await srv.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
