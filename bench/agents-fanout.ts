/**
 * Issue 20: 100 agents at 1 Hz into one server (the real app in its own process, SQLite in a temporary directory).
 * One agent is a real `everyst agent` process (its CPU and RSS are measured); the other 99 are Socket.IO clients in
 * one child process sending a real metrics object of this host every second, stamped when sent. Each agent host is
 * watched by one dashboard socket (`subscribe_metrics` with its `host`). Figures over the measuring window: server
 * CPU and RSS, sample → dashboard socket latency p50/p99 (dashboard arrival minus the sample's `timestamp`, one
 * clock), samples per second, and the real agent's CPU and RSS. Everything stops by itself.
 * Run: node --import tsx bench/agents-fanout.ts   (BENCH_SECONDS, default 20; BENCH_AGENTS, default 100)
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { cpuMsOf, registerOwner, rssMbOf, startApp, stopChild, type ServerProcess } from './lib/servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 100);
const SETTLE_MS = 4000;
const GIVE_UP_MS = 110_000;
const ROOT = resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

type ToSenders = { type: 'start'; url: string; tokens: string[] };

/** Child process: one Socket.IO connection per token on `/agents`, each sending a metrics object every second. */
async function runSenders(): Promise<void> {
  const { MetricsCollector } = await import('../src/system/metrics/collector.js');
  const collector = new MetricsCollector();
  const sample = await collector.sample();
  await collector.close();
  const sockets: Socket[] = [];
  const timers: NodeJS.Timeout[] = [];
  process.on('disconnect', () => {
    for (const t of timers) clearInterval(t);
    for (const s of sockets) s.close();
    process.exit(0); // the benchmark ended or died: never linger
  });
  process.on('message', (m: ToSenders) => {
    if (m.type !== 'start') return;
    m.tokens.forEach((token, i) => {
      const s = io(m.url, { transports: ['websocket'], auth: { token, hostname: `sim-${i}`, version: 'bench', os: 'bench' }, forceNew: true });
      sockets.push(s);
      // Spread over the second, as independent agents would be.
      setTimeout(() => timers.push(setInterval(() => {
        if (s.connected) s.emit('agent_sample', { ...sample, timestamp: new Date().toISOString() }, () => undefined);
      }, 1000)), Math.floor((i / m.tokens.length) * 1000));
    });
  });
}

async function run(): Promise<void> {
  const timer = setTimeout(() => {
    console.error(`agents-fanout: gave up after ${GIVE_UP_MS / 1000} s`);
    process.exit(1);
  }, GIVE_UP_MS);
  timer.unref();
  let server: ServerProcess | undefined;
  let senders: ChildProcess | undefined;
  let agent: ChildProcess | undefined;
  const dashboards: Socket[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'everyst-bench-agents-'));
  try {
    server = await startApp({ env: { AGENT_OFFLINE_AFTER_S: '30' } });
    const access = await registerOwner(server.base);
    const created: Array<{ id: string; token: string }> = [];
    for (let i = 0; i < AGENTS; i++) {
      const res = await fetch(`${server.base}/api/agents/`, {
        method: 'POST', headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: `bench-${i}` }),
      });
      created.push((await res.json()) as { id: string; token: string });
    }
    const idleRss = rssMbOf(server.pid);

    let measuring = false;
    const latency: number[] = [];
    const realLatency: number[] = [];
    const perHost = new Map<string, number>();
    let received = 0;
    for (const a of created) {
      const s = io(server.base, { transports: ['websocket'], query: { token: access }, reconnection: false, forceNew: true });
      await new Promise<void>((ok, fail) => s.once('connect', () => ok()).once('connect_error', fail));
      await s.timeout(5000).emitWithAck('subscribe_metrics', { host: a.id });
      s.on('metrics_update', (m: { host?: string; timestamp: string }) => {
        if (!measuring || !m.host) return;
        received++;
        perHost.set(m.host, (perHost.get(m.host) ?? 0) + 1);
        (m.host === created[0].id ? realLatency : latency).push(Date.now() - Date.parse(m.timestamp));
      });
      dashboards.push(s);
    }

    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `${created[0].token}\n`);
    agent = spawn(process.execPath, [join(ROOT, 'bin', 'everyst.js'), 'agent', '--server', server.base, '--token-file', tokenFile], {
      stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, AGENT_INTERVAL_S: '1' },
    });
    senders = fork(fileURLToPath(import.meta.url), ['--senders'], { execArgv: ['--import', 'tsx'] });
    senders.send({ type: 'start', url: `${server.base}/agents`, tokens: created.slice(1).map((a) => a.token) } satisfies ToSenders);
    await sleep(SETTLE_MS);

    measuring = true;
    const serverCpu = cpuMsOf(server.pid);
    const agentCpu = cpuMsOf(agent.pid!);
    const start = performance.now();
    await sleep(SECONDS * 1000);
    const seconds = (performance.now() - start) / 1000;
    measuring = false;
    const serverPercent = (cpuMsOf(server.pid) - serverCpu) / 10 / seconds;
    const agentPercent = (cpuMsOf(agent.pid!) - agentCpu) / 10 / seconds;
    const serverRss = rssMbOf(server.pid);
    const agentRss = rssMbOf(agent.pid!);
    latency.sort((a, b) => a - b);
    realLatency.sort((a, b) => a - b);
    const counts = created.map((a) => perHost.get(a.id) ?? 0);
    console.log(`agents-fanout: ${AGENTS} agents at 1 Hz, ${(received / seconds).toFixed(1)} samples/s reached dashboard sockets ` +
      `(per host ${Math.min(...counts)}–${Math.max(...counts)} in ${seconds.toFixed(0)} s); sample sent → dashboard socket p50 ${pct(latency, 50)} ms, ` +
      `p99 ${pct(latency, 99)} ms, max ${latency.at(-1)} ms; the real agent (its reading's time → dashboard, sampling included) ` +
      `p50 ${pct(realLatency, 50)} ms, p99 ${pct(realLatency, 99)} ms`);
    console.log(`agents-fanout: server (${server.code}/) CPU ${serverPercent.toFixed(1)} % of a core, RSS ${serverRss.toFixed(0)} MB ` +
      `(${idleRss.toFixed(0)} MB before any agent); real agent CPU ${agentPercent.toFixed(2)} % of a core, RSS ${agentRss.toFixed(0)} MB; ` +
      `window ${seconds.toFixed(0)} s; load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`);
  } finally {
    for (const s of dashboards) s.close();
    if (senders?.connected) senders.disconnect();
    if (agent) await stopChild(agent);
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
    clearTimeout(timer);
  }
}

if (process.argv[2] === '--senders') await runSenders();
else await run();
