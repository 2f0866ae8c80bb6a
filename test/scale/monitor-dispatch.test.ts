/**
 * The pinned-check channel between the API's MonitorCheckDispatch and a worker's MonitorCheckWorker, in this
 * process on a private redis-server: which checks go to a worker, definitions loaded by the worker, timeouts end
 * to end, no overlap per monitor, and the answers when the worker is not there. The checks on both sides are
 * test doubles: nothing is probed (the 10.213.25x addresses are only routed, never contacted).
 */
import { execFileSync } from 'node:child_process';
import type { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveChecks } from '../../src/modules/monitors/monitor-runner.js';
import type { CheckContext, CheckResult, MonitorSpec } from '../../src/modules/monitors/monitor-types.js';
import type { StoredMonitor } from '../../src/modules/monitors/monitors.repository.js';
import { MonitorCheckDispatch } from '../../src/worker/monitor-dispatch.js';
import { MonitorCheckWorker } from '../../src/worker/monitor-check-worker.js';
import { NetworkCover } from '../../src/worker/reach.js';
import { chooseCheckWorker, WorkerRegistry, type WorkerRegistration } from '../../src/worker/registry.js';
import { sleep, waitFor } from './helpers/environment.js';
import { startRedis, type TestRedis } from './helpers/redis-server.js';

function redisMissing(): string | null {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'pipe' });
    return null;
  } catch {
    if (process.env.CI) throw new Error('the monitor dispatch test needs redis-server in CI');
    return 'redis-server is not installed (Debian package: redis-server)';
  }
}
const skip = redisMissing();
if (skip) console.warn(`[skip] pinned monitor checks: ${skip}`);

const logger = pino({ level: 'silent' });
const PINNED = '10.213.251.0/24';
let n = 0;
const monitor = (target: string, extra: Partial<StoredMonitor> = {}): StoredMonitor => ({
  id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, name: `m${n}`, type: 'tcp', target, port: 80,
  interval_s: 30, timeout_s: 5, updated_at: '2024-01-01T00:00:00.000Z', dns: null, http: null, ...extra,
}) as unknown as StoredMonitor;

/** A double of the checks: answers with `answer`, records what it was asked and how many ran at once per monitor. */
function recordingChecks(answer: (m: MonitorSpec, c: CheckContext) => Promise<CheckResult>) {
  const asked: string[] = [];
  const now = new Map<string, number>();
  let overlap = 0;
  const checks: ActiveChecks & { asked: string[]; overlap: () => number } = {
    asked,
    overlap: () => overlap,
    async check(m, c) {
      asked.push(m.id);
      now.set(m.id, (now.get(m.id) ?? 0) + 1);
      overlap = Math.max(overlap, now.get(m.id)!);
      try {
        return await answer(m, c);
      } finally {
        now.set(m.id, now.get(m.id)! - 1);
      }
    },
    close: () => undefined,
  };
  return checks;
}
const up = (message: string) => async (): Promise<CheckResult> => ({ status: 'up', responseMs: 1, message });
/** Answers only when aborted, with `message`; `ignoreAbort`: never. */
const hanging = (ignoreAbort = false) => (_m: MonitorSpec, c: CheckContext) => new Promise<CheckResult>((resolve) => {
  if (!ignoreAbort) c.signal.addEventListener('abort', () => resolve({ status: 'down', responseMs: null, message: 'aborted' }), { once: true });
});
const context = (timeoutMs: number): CheckContext => ({ signal: AbortSignal.timeout(timeoutMs), timeoutMs, dnsServers: [] });

describe.skipIf(skip !== null)('pinned monitor checks over the worker channel', () => {
  let redis: TestRedis;
  let commands: Redis;
  let config: never;
  const closing: Array<() => Promise<unknown>> = [];
  const definitions = new Map<string, StoredMonitor>();
  let loads: string[][] = [];

  beforeAll(async () => {
    redis = await startRedis();
    commands = redis.client();
    config = { host: '127.0.0.1', port: redis.port, db: 0, password: null } as never;
  });
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close();
    await commands.flushdb();
    loads = [];
  });
  afterAll(async () => redis?.stop());

  const register = (name: string, extra: Partial<WorkerRegistration> = {}) => new WorkerRegistry(commands).publish({
    name, incarnation: `${name}-1`, host: 'h', pid: 1, networks: [PINNED], startedAt: '', running: 0, draining: false, monitorChecks: true, ...extra,
  });
  const startWorker = async (name: string, checks: ActiveChecks) => {
    const worker = new MonitorCheckWorker({
      name, redisConfig: config, redis: commands, dnsServers: [], logger, checks,
      definitions: {
        getMany: async (ids) => {
          loads.push([...ids]);
          return ids.map((id) => definitions.get(id)).filter((m): m is StoredMonitor => m !== undefined);
        },
      },
    });
    await worker.start();
    await register(name);
    closing.push(() => worker.stop(0));
    return worker;
  };
  const dispatch = (local: ActiveChecks) => {
    const d = new MonitorCheckDispatch({ local, redis: config, dnsServers: [], logger, hostNetworks: () => ['127.0.0.0/8', '10.213.250.0/24'] });
    closing.push(() => d.close());
    return d;
  };
  const known = (m: StoredMonitor) => {
    definitions.set(m.id, m);
    return m;
  };

  it('runs a check of a target only a worker reaches on that worker, and every other check here', async () => {
    const remote = recordingChecks(up('from the worker'));
    const local = recordingChecks(up('from here'));
    await startWorker('w1', remote);
    const d = dispatch(local);
    const pinned = known(monitor('10.213.251.7'));
    const url = known(monitor('http://10.213.251.8:8080/x', { type: 'http' }));
    const own = known(monitor('10.213.250.7'));
    const loop = known(monitor('127.0.0.1'));
    const elsewhere = known(monitor('10.213.252.7'));
    const dns = known(monitor('example.test', { type: 'dns', dns: { record_type: 'A', resolver: '10.213.251.53', port: null } }));
    expect(await d.check(pinned, context(2000))).toEqual({ status: 'up', responseMs: 1, message: 'from the worker' });
    expect((await d.check(url, context(2000))).message).toBe('from the worker');
    expect((await d.check(dns, context(2000))).message).toBe('from the worker');
    // The host's own networks stay here even when a worker claims them; so does what no worker reaches.
    await register('w1', { networks: [PINNED, '127.0.0.0/8', '10.213.250.0/24'] });
    await sleep(2100);
    for (const m of [own, loop, elsewhere]) expect((await d.check(m, context(2000))).message).toBe('from here');
    expect(remote.asked).toEqual([pinned.id, url.id, dns.id]);
    expect(local.asked).toEqual([own.id, loop.id, elsewhere.id]);
  });

  it('the worker loads a definition once per version, and batches the checks due together', async () => {
    const remote = recordingChecks(up('ok'));
    const worker = await startWorker('w1', remote);
    const d = dispatch(recordingChecks(up('here')));
    const ms = Array.from({ length: 50 }, (_, i) => known(monitor(`10.213.251.${i + 1}`)));
    await Promise.all(ms.map((m) => d.check(m, context(2000))));
    await Promise.all(ms.map((m) => d.check(m, context(2000))));
    expect(loads).toHaveLength(1);
    expect(loads[0]).toHaveLength(50);
    const edited = { ...ms[0], updated_at: '2024-02-02T00:00:00.000Z' };
    definitions.set(edited.id, edited);
    await d.check(edited, context(2000));
    expect(loads[1]).toEqual([edited.id]);
    expect(worker.checked).toBe(101);
  });

  it('a worker that does not answer: the check ends at its timeout, "Timeout after N s"; no overlap on the worker', async () => {
    const remote = recordingChecks(hanging(true));
    const deaf = await startWorker('w1', remote);
    const d = dispatch(recordingChecks(up('here')));
    const m = known(monitor('10.213.251.9'));
    const started = Date.now();
    expect(await d.check(m, context(500))).toEqual({ status: 'down', responseMs: null, message: 'Timeout after 0.5 s' });
    expect(Date.now() - started).toBeLessThan(900);
    // A check that honours its abort: the next request of the monitor aborts the one still running there.
    const abortable = recordingChecks(hanging());
    void deaf.stop(0);
    await sleep(100);
    await startWorker('w2', abortable);
    await commands.del('everyst:worker:w1');
    await sleep(2100);
    const first = d.check(m, context(3000));
    await waitFor(() => abortable.asked.length === 1, 2000, 'the first check on the worker');
    const second = d.check(m, context(300));
    expect((await second).message).toBe('Timeout after 0.3 s');
    expect((await first).message).toBe('aborted');
    expect(abortable.overlap()).toBe(1);
  });

  it('"Worker <name> stopped": nobody on its channel, killed while checking, stopped gracefully, or gone from the registry', async () => {
    const d = dispatch(recordingChecks(up('here')));
    const m = known(monitor('10.213.251.10'));
    // Registered, but nothing listens on its channel.
    await register('ghost');
    let started = Date.now();
    expect(await d.check(m, context(5000))).toMatchObject({ status: 'down', message: 'Worker ghost stopped' });
    expect(Date.now() - started).toBeLessThan(500);
    await commands.del('everyst:worker:ghost');

    // Killed mid-check: its connection drops, the check ends within a second or so, long before its timeout.
    const worker = await startWorker('w1', recordingChecks(hanging(true)));
    await sleep(2100);
    started = Date.now();
    const pending = d.check(m, context(8000));
    await sleep(200);
    (worker as unknown as { subscriber: Redis }).subscriber.disconnect();
    expect(await pending).toMatchObject({ status: 'down', message: 'Worker w1 stopped' });
    expect(Date.now() - started).toBeLessThan(2500);

    // Stopped gracefully while checking: the check is cut short with the same message.
    closing.splice(0);
    const graceful = await startWorker('w2', recordingChecks(hanging()));
    await commands.del('everyst:worker:w1');
    await sleep(2100);
    const cut = d.check(m, context(8000));
    await sleep(200);
    await graceful.stop(0);
    expect(await cut).toMatchObject({ status: 'down', message: 'Worker w2 stopped' });

    // Its registration lapsed: checks of what only it reached say so at once (nothing is sent).
    await commands.del('everyst:worker:w2');
    await sleep(2100);
    expect(await d.check(m, context(5000))).toMatchObject({ status: 'down', message: 'Worker w2 stopped' });
    expect(d.sent).toBe(2);
  });

  it('picks the same worker for a monitor while the set of workers holds, and spreads monitors over them', () => {
    const w = (name: string, extra: Partial<WorkerRegistration> = {}): WorkerRegistration => ({
      name, incarnation: name, host: 'h', pid: 1, networks: [PINNED], startedAt: '', running: 0, draining: false, monitorChecks: true, ...extra,
    });
    const workers = [w('a'), w('b'), w('c'), w('old', { monitorChecks: undefined }), w('stopping', { draining: true })];
    const picks = Array.from({ length: 300 }, (_, i) => chooseCheckWorker(workers, '10.213.251.1', `m${i}`)!.name);
    expect(new Set(picks)).toEqual(new Set(['a', 'b', 'c']));
    expect(chooseCheckWorker([...workers].reverse(), '10.213.251.1', 'm7')!.name).toBe(picks[7]);
    expect(chooseCheckWorker(workers, '10.213.9.1', 'm1')).toBeNull();
    const cover = new NetworkCover(['10.213.251.0/25', '10.213.251.128/25', 'fd00:1::/64']);
    expect([cover.reaches('10.213.251.200'), cover.reaches('10.213.252.1'), cover.reaches('fd00:1::9'), cover.reaches('nope')]).toEqual([true, false, true, false]);
  });
});
