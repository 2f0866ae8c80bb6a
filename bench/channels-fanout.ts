/**
 * Notification channels: events on the bus fanned out to 10 webhook channels whose receivers (loopback HTTP
 * servers) live in a child process, so answering does not run on the server's event loop.
 * Phase 1 (latency): 1,000 events paced over 20 s (500 deliveries/s): p50/p95 from the event to its receiver.
 * Phase 2 (drain): 1,000 events at once (10,000 deliveries): how fast the durable outbox drains them.
 * Reports every delivery arrived exactly once, and the server's CPU per delivery. SQLite in a temporary directory.
 * Run: node --import tsx bench/channels-fanout.ts [events] [channels]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';

type FromReceivers = { type: 'ready'; ports: number[] } | { type: 'counts'; received: number; duplicates: number; latencies: number[] };
const PASSWORD = 'Bench-Password-123';
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Child process: one HTTP receiver per channel; each body's title carries the time its event was emitted. */
function runReceivers(count: number): void {
  const seen = new Set<string>();
  const latencies: number[] = [];
  let duplicates = 0;
  process.on('disconnect', () => process.exit(0));
  const servers = Array.from({ length: count }, (_, channel) => createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { title: string };
      const key = `${channel}:${body.title}`;
      if (seen.has(key)) duplicates++;
      seen.add(key);
      latencies.push(Date.now() - Number(body.title.split(' ')[1]));
      res.writeHead(200).end('ok');
    });
  }));
  void Promise.all(servers.map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve)))).then(() => {
    process.send!({ type: 'ready', ports: servers.map((s) => (s.address() as AddressInfo).port) } satisfies FromReceivers);
  });
  process.on('message', () => {
    process.send!({ type: 'counts', received: seen.size, duplicates, latencies } satisfies FromReceivers);
    latencies.length = 0;
  });
}

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 1_000);
  const channelCount = Number(process.argv[3] ?? 10);
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-channels-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  setTimeout(() => {
    console.error('channels-fanout: gave up after 8 minutes');
    process.exit(1);
  }, 8 * 60_000).unref();

  const receivers = fork(fileURLToPath(import.meta.url), ['--receivers', String(channelCount)], { execArgv: ['--import', 'tsx'] });
  const ask = () => new Promise<Extract<FromReceivers, { type: 'counts' }>>((resolve) => {
    receivers.once('message', (m: FromReceivers) => resolve(m as Extract<FromReceivers, { type: 'counts' }>));
    receivers.send('count');
  });
  const ports = await new Promise<number[]>((resolve) => receivers.once('message', (m: FromReceivers) => resolve((m as { ports: number[] }).ports)));

  const config = loadConfig({
    EVERYST_DATA_DIR: dataDir, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', API_HOST: '127.0.0.1', API_PORT: '0',
    LOG_LEVEL: 'silent', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_SCHEDULE_MINUTES: '0', SCAN_RESOLVE_NAMES: 'false', NOTIFY_DEDUP_SECONDS: '0',
  }, { dotenv: false });
  const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
  const port = await app.listen();
  const base = `http://127.0.0.1:${port}/api`;
  const register = await fetch(`${base}/auth/register/`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'owner', email: 'owner@example.com', password: PASSWORD }),
  });
  const { access } = (await register.json()) as { access: string };
  for (const [i, p] of ports.entries()) {
    const res = await fetch(`${base}/integrations/channels/`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${access}` },
      body: JSON.stringify({ name: `Receiver ${i}`, kind: 'webhook', config: { url: `http://127.0.0.1:${p}/hook` } }),
    });
    if (res.status !== 201) throw new Error(`channel ${i}: HTTP ${res.status} ${await res.text()}`);
  }

  const emit = (n: number) => app.ctx.bus.emit('notify', { event: 'monitor.down', severity: 'error', title: `Event ${Date.now()} #${n}`, message: 'bench', source: 'bench' });
  const waitFor = async (expected: number): Promise<Extract<FromReceivers, { type: 'counts' }>> => {
    const latencies: number[] = [];
    for (;;) {
      const counts = await ask();
      latencies.push(...counts.latencies);
      if (counts.received >= expected) return { ...counts, latencies };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  // Phase 1: paced.
  const paceMs = 20_000 / events;
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  for (let i = 0; i < events; i++) {
    emit(i);
    await new Promise((resolve) => setTimeout(resolve, paceMs));
  }
  const paced = await waitFor(events * channelCount);
  const pacedMs = performance.now() - t1;
  const pacedCpu = process.cpuUsage(cpu1);
  const lat = paced.latencies.sort((a, b) => a - b);

  // Phase 2: a burst.
  const cpu2 = process.cpuUsage();
  const t2 = performance.now();
  for (let i = 0; i < events; i++) emit(events + i);
  const burst = await waitFor(2 * events * channelCount);
  const drainMs = performance.now() - t2;
  const burstCpu = process.cpuUsage(cpu2);
  const deliveries = events * channelCount;
  const cpuPer = (u: NodeJS.CpuUsage) => ((u.user + u.system) / 1000 / deliveries).toFixed(2);

  console.log(`channels-fanout: ${events} events × ${channelCount} webhook channels (loopback receivers in a child process), SQLite`);
  console.log(`  paced (${Math.round(deliveries / 20)} deliveries/s asked): all ${deliveries} in ${(pacedMs / 1000).toFixed(1)} s; event → receiver p50 ${pct(lat, 50)} ms, p95 ${pct(lat, 95)} ms, max ${lat.at(-1)} ms; server CPU ${cpuPer(pacedCpu)} ms/delivery`);
  console.log(`  burst: ${deliveries} deliveries drained in ${(drainMs / 1000).toFixed(1)} s = ${Math.round(deliveries / (drainMs / 1000))} deliveries/s; server CPU ${cpuPer(burstCpu)} ms/delivery`);
  console.log(`  received ${burst.received} distinct of ${2 * deliveries}, duplicates ${burst.duplicates}`);
  receivers.disconnect();
  await app.close();
}

if (process.argv[2] === '--receivers') runReceivers(Number(process.argv[3]));
else void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
