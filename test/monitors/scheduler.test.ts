import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitorScheduler, phaseOf } from '../../src/modules/monitors/scheduler/monitor-scheduler.js';
import { sleep } from '../helpers/wait.js';

const logger = pino({ level: 'silent' });
let scheduler: MonitorScheduler | null = null;
afterEach(async () => {
  await scheduler?.stop();
  scheduler = null;
});

function make(run: (id: string, signal: AbortSignal) => Promise<void>, concurrency = 64) {
  scheduler = new MonitorScheduler({ run, concurrency, logger });
  return scheduler;
}

describe('monitor scheduler', () => {
  it('spreads monitors over their interval by a stable phase of their id', () => {
    const phases = Array.from({ length: 2000 }, (_, i) => phaseOf(`monitor-${i}`, 30_000));
    expect(phaseOf('monitor-1', 30_000)).toBe(phases[1]);
    const perSecond = new Array(30).fill(0);
    for (const p of phases) perSecond[Math.floor(p / 1000)]++;
    // 2,000 over 30 s is ~67 a second; no second holds much more than that.
    expect(Math.max(...perSecond)).toBeLessThan(110);
    expect(Math.min(...perSecond)).toBeGreaterThan(30);
  });

  it('runs each monitor every interval from its due time, without drift', async () => {
    const runs: number[] = [];
    const s = make(async () => {
      runs.push(Date.now());
      await sleep(60);
    });
    s.upsert({ id: 'a', intervalMs: 200, timeoutMs: 150 }, { nextAt: Date.now() });
    s.start();
    await sleep(1050);
    expect(runs.length).toBeGreaterThanOrEqual(5);
    // Due times are start + k × 200 ms: a 60 ms run does not push later runs back.
    const offsets = runs.map((t) => (t - runs[0]) % 200).map((o) => Math.min(o, 200 - o));
    expect(Math.max(...offsets)).toBeLessThan(60);
  });

  it('never overlaps one monitor: an occurrence due while it still runs is skipped and counted', async () => {
    let running = 0;
    let maxRunning = 0;
    const s = make(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await sleep(450);
      running--;
    });
    s.upsert({ id: 'slow', intervalMs: 100, timeoutMs: 1000 }, { nextAt: Date.now() });
    s.start();
    await sleep(1000);
    expect(maxRunning).toBe(1);
    expect(s.stats().missed).toBeGreaterThanOrEqual(5);
  });

  it('keeps at most `concurrency` checks in flight and queues the rest in order', async () => {
    let inFlight = 0;
    let peak = 0;
    const started: string[] = [];
    const s = make(async (id) => {
      started.push(id);
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(100);
      inFlight--;
    }, 3);
    const now = Date.now();
    for (let i = 0; i < 10; i++) s.upsert({ id: `m${i}`, intervalMs: 60_000, timeoutMs: 1000 }, { nextAt: now + i });
    s.start();
    await sleep(600);
    expect(peak).toBe(3);
    expect(started).toEqual(Array.from({ length: 10 }, (_, i) => `m${i}`));
    expect(s.stats().lateness.max).toBeGreaterThanOrEqual(250);
  });

  it('aborts a check at its timeout, and the check of a removed monitor at once', async () => {
    const aborted: Array<[string, number]> = [];
    const t0 = Date.now();
    const s = make((id, signal) => new Promise<void>((resolve) => signal.addEventListener('abort', () => {
      aborted.push([id, Date.now() - t0]);
      resolve();
    })));
    s.upsert({ id: 'timeout', intervalMs: 60_000, timeoutMs: 200 }, { nextAt: t0 });
    s.upsert({ id: 'removed', intervalMs: 60_000, timeoutMs: 10_000 }, { nextAt: t0 });
    s.start();
    await sleep(50);
    s.remove('removed');
    await sleep(300);
    expect(aborted.map(([id]) => id)).toEqual(['removed', 'timeout']);
    expect(aborted[1][1]).toBeGreaterThanOrEqual(190);
  });

  it('frees the slot of a check that ignores its signal, after a grace period', async () => {
    const s = make(() => new Promise<void>(() => undefined), 1);
    s.upsert({ id: 'stuck', intervalMs: 60_000, timeoutMs: 100 }, { nextAt: Date.now() });
    s.start();
    await sleep(1300);
    expect(s.stats()).toMatchObject({ inFlight: 0, abandoned: 1 });
  });

  it('an interval change reschedules; stop() aborts and waits for checks in flight', async () => {
    let finished = 0;
    const s = make(async (_id, signal) => {
      await new Promise((r) => { signal.addEventListener('abort', r); setTimeout(r, 5000); });
      finished++;
    });
    s.upsert({ id: 'x', intervalMs: 60_000, timeoutMs: 10_000 }, { nextAt: Date.now() });
    s.start();
    await sleep(50);
    await s.stop();
    expect(finished).toBe(1);
  });

  it('keeps a thousand monitors at one second on time', async () => {
    const s = make(async () => {
      await sleep(1);
    });
    for (let i = 0; i < 1000; i++) s.upsert({ id: `m${i}`, intervalMs: 1000, timeoutMs: 500 });
    s.start();
    await sleep(3200);
    const stats = s.stats();
    expect(stats.completed).toBeGreaterThanOrEqual(2500);
    expect(stats.missed).toBe(0);
    expect(stats.lateness.p99).toBeLessThan(500);
  });
});
