/**
 * What a monitor check pinned to a worker costs in transport: the pub/sub request/result channel of
 * src/worker/monitor-dispatch.ts (batches per worker, the worker loads definitions from the database) against one
 * BullMQ job per check with the result back through QueueEvents (the scans' mechanism, used per check). Both run
 * in this process against a private redis-server, with checks that answer at once (no probe is sent anywhere),
 * at BENCH_RATE checks a second (default 200: 6,000 monitors at 30 s) for BENCH_SECONDS (default 10).
 * Reports per 1,000 checks: Redis commands, Redis CPU, this process's CPU; and round-trip latency.
 * Run: node --import tsx bench/monitor-worker-channel.ts
 */
import { spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { Queue, QueueEvents, Worker } from 'bullmq';
import pino from 'pino';
import { freePort } from '../test/helpers/ports.js';
import { MonitorCheckDispatch } from '../src/worker/monitor-dispatch.js';
import { MonitorCheckWorker } from '../src/worker/monitor-check-worker.js';
import { WorkerRegistry } from '../src/worker/registry.js';
import type { ActiveChecks } from '../src/modules/monitors/monitor-runner.js';
import type { StoredMonitor } from '../src/modules/monitors/monitors.repository.js';

const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MONITORS = RATE * 30;
const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const port = await freePort();
const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
admin.on('error', () => undefined);
for (let i = 0; ; i++) {
  try {
    await admin.connect();
    break;
  } catch {
    if (i > 100) throw new Error('redis-server did not start');
    await sleep(50);
  }
}
const redisConfig = { host: '127.0.0.1', port, db: 0, password: null } as never;

async function redisCounters() {
  const info = await admin.info();
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)![1]);
  return { commands: field('total_commands_processed'), cpuMs: (field('used_cpu_user') + field('used_cpu_sys')) * 1000 };
}

const monitor = (i: number) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `m${i}`, type: 'tcp', target: `10.213.250.${i % 250}`, port: 80,
  interval_s: 30, timeout_s: 5, updated_at: '2024-01-01T00:00:00.000Z',
}) as unknown as StoredMonitor;
const all = Array.from({ length: MONITORS }, (_, i) => monitor(i));
const instant: ActiveChecks = { check: async () => ({ status: 'up', responseMs: 1, message: 'Port 80 open' }), close: () => undefined };

/** Sends RATE checks a second for SECONDS through `send`; measures what it cost. */
async function measure(name: string, send: (m: StoredMonitor) => Promise<unknown>) {
  await sleep(500);
  const before = await redisCounters();
  const cpu = process.cpuUsage();
  const latencies: number[] = [];
  const inFlight: Array<Promise<unknown>> = [];
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const t0 = performance.now();
    inFlight.push(send(all[i % all.length]).then(() => latencies.push(performance.now() - t0)));
  }
  await Promise.all(inFlight);
  const used = process.cpuUsage(cpu);
  const after = await redisCounters();
  latencies.sort((x, y) => x - y);
  const per1000 = (v: number) => ((v * 1000) / total).toFixed(1);
  console.log(`${name}: ${total} checks at ${RATE}/s — per 1000 checks: ${per1000(after.commands - before.commands)} Redis commands, `
    + `${per1000(after.cpuMs - before.cpuMs)} ms Redis CPU, ${per1000((used.user + used.system) / 1000)} ms CPU here (both sides); `
    + `round trip p50 ${latencies[Math.floor(total / 2)].toFixed(1)} ms, p99 ${latencies[Math.floor(total * 0.99)].toFixed(1)} ms`);
}

// The harness alone (checks answered in this process): what the two below cost on top of it.
await measure('no transport (baseline)', (m) => instant.check(m, null as never));

// The pub/sub channel, as API and worker run it.
{
  const commands = new Redis({ host: '127.0.0.1', port, enableOfflineQueue: false });
  const definitions = new Map(all.map((m) => [m.id, m]));
  const worker = new MonitorCheckWorker({
    name: 'bench-w', redisConfig, redis: commands, dnsServers: [], logger, checks: instant,
    definitions: { getMany: async (ids) => ids.map((id) => definitions.get(id)!).filter(Boolean) },
  });
  await worker.start();
  await new WorkerRegistry(commands).publish({
    name: 'bench-w', incarnation: 'i1', host: 'h', pid: 1, networks: ['10.213.250.0/24'], startedAt: '', running: 0, draining: false, monitorChecks: true,
  });
  const dispatch = new MonitorCheckDispatch({ local: instant, redis: redisConfig, dnsServers: [], logger, hostNetworks: () => ['127.0.0.0/8'] });
  const signal = new AbortController().signal;
  await measure('pub/sub channel (batched)', (m) => dispatch.check(m, { signal, timeoutMs: 5000, dnsServers: [] }));
  if (dispatch.sent === 0) throw new Error('nothing went to the worker');
  await dispatch.close();
  await worker.stop(0);
  commands.disconnect();
}

// One BullMQ job per check, its result back through QueueEvents.
{
  const connection = () => new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: null });
  const queue = new Queue('monitor-checks-bench', { connection: connection(), prefix: 'bench-bull' });
  queue.setMaxListeners(0);
  const events = new QueueEvents('monitor-checks-bench', { connection: connection(), prefix: 'bench-bull' });
  await events.waitUntilReady();
  const worker = new Worker('monitor-checks-bench', async (job) => instant.check(job.data as never, null as never), {
    connection: connection(), prefix: 'bench-bull', concurrency: 256, removeOnComplete: { age: 60, count: 1000 }, removeOnFail: { age: 60 },
  });
  await worker.waitUntilReady();
  await measure('BullMQ job per check', async (m) => {
    const job = await queue.add('check', { id: m.id, u: m.updated_at, t: 5000 }, { removeOnComplete: { age: 60, count: 1000 } });
    return job.waitUntilFinished(events, 10_000);
  });
  await worker.close();
  await events.close();
  await queue.close();
}

admin.disconnect();
server.kill('SIGKILL');
process.exit(0);
