import type { Logger } from 'pino';
import { DueHeap } from './due-heap.js';
import { LatencyReservoir } from './latency-reservoir.js';

export interface ScheduledCheck { id: string; intervalMs: number; timeoutMs: number }

export interface MonitorSchedulerOptions {
  /** Runs one check; `signal` is aborted at the check's timeout or on stop(). */
  run: (id: string, signal: AbortSignal) => Promise<void>;
  /** Checks in flight at once; due checks beyond it wait in arrival order. */
  concurrency: number;
  logger: Logger;
}

interface Entry extends ScheduledCheck {
  dueAt: number;
  running: boolean;
  controller: AbortController | null;
  queued: boolean;
  /** The due time of the occurrence waiting in the queue. */
  queuedDue: number;
}

/** A run that ignores its signal frees its slot this long after its timeout (and is counted in `abandoned`). */
const ABANDON_GRACE_MS = 1000;

/**
 * One timer for every monitor: due times in a min-heap, one `setTimeout` armed for the earliest. Each monitor's
 * first due time is spread over its interval by a stable hash of its id; later ones follow the previous due time
 * (not the finish time), so checks do not drift. A monitor still running at its next due time skips that
 * occurrence (counted as missed): checks never overlap and never pile up.
 */
export class MonitorScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly heap = new DueHeap();
  private readonly queue: Entry[] = [];
  private readonly lateness = new LatencyReservoir(4096);
  private readonly settling = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private armedAt = Infinity;
  private inFlight = 0;
  private started = false;
  private counts = { completed: 0, missed: 0, abandoned: 0 };

  constructor(private readonly options: MonitorSchedulerOptions) {}

  /** Adds or changes a check; `nextAt` (epoch ms) sets its next due time, else it keeps it (or gets its phase). */
  upsert(check: ScheduledCheck, opts: { nextAt?: number } = {}): void {
    const existing = this.entries.get(check.id);
    const now = Date.now();
    const dueAt = opts.nextAt ?? (existing && existing.intervalMs === check.intervalMs ? existing.dueAt : now + phaseOf(check.id, check.intervalMs));
    const entry: Entry = existing ?? { ...check, dueAt, running: false, controller: null, queued: false, queuedDue: dueAt };
    Object.assign(entry, check, { dueAt });
    this.entries.set(check.id, entry);
    this.heap.push(entry.id, entry.dueAt);
    this.arm();
  }

  /** Stops scheduling a check; one in flight is aborted. */
  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    entry.controller?.abort();
    const at = this.queue.indexOf(entry);
    if (at >= 0) this.queue.splice(at, 1);
  }

  start(): void {
    this.started = true;
    this.arm();
  }

  /** Stops the timer, aborts checks in flight and waits for them to settle. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedAt = Infinity;
    this.queue.length = 0;
    for (const entry of this.entries.values()) entry.controller?.abort();
    await Promise.allSettled([...this.settling]);
  }

  stats() {
    return {
      scheduled: this.entries.size, inFlight: this.inFlight, queued: this.queue.length, lateness: this.lateness.summary(), ...this.counts,
    };
  }

  private arm(): void {
    if (!this.started) return;
    const next = this.heap.peekTime();
    if (next === undefined || next >= this.armedAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = next;
    this.timer = setTimeout(() => this.tick(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    this.armedAt = Infinity;
    const now = Date.now();
    for (;;) {
      const top = this.heap.peek();
      if (!top || top.time > now) break;
      this.heap.pop();
      const entry = this.entries.get(top.id);
      // Stale heap items (the check moved or was removed) are dropped here.
      if (!entry || entry.dueAt !== top.time) continue;
      this.due(entry, now);
    }
    this.drain();
    this.arm();
  }

  private due(entry: Entry, now: number): void {
    const due = entry.dueAt;
    // The next occurrence follows this one; occurrences long past (a stopped clock, a slow start) are skipped.
    let next = due + entry.intervalMs;
    if (next <= now) next = now + entry.intervalMs - ((now - due) % entry.intervalMs);
    entry.dueAt = next;
    this.heap.push(entry.id, next);
    if (entry.running || entry.queued) {
      this.counts.missed++;
      return;
    }
    entry.queued = true;
    entry.queuedDue = due;
    this.queue.push(entry);
  }

  private drain(): void {
    while (this.inFlight < this.options.concurrency && this.queue.length) {
      const entry = this.queue.shift()!;
      entry.queued = false;
      if (!this.entries.has(entry.id)) continue;
      this.launch(entry, entry.queuedDue);
    }
  }

  private launch(entry: Entry, due: number): void {
    const started = Date.now();
    this.lateness.add(Math.max(0, started - due));
    const controller = new AbortController();
    entry.running = true;
    entry.controller = controller;
    this.inFlight++;
    const timeout = setTimeout(() => controller.abort(), entry.timeoutMs);
    let abandon: NodeJS.Timeout | undefined;
    const run = this.options.run(entry.id, controller.signal).catch((err: unknown) => {
      this.options.logger.error({ err, monitor: entry.id }, 'monitor run failed');
    });
    const bounded = Promise.race([run, new Promise<'abandoned'>((resolve) => {
      abandon = setTimeout(() => resolve('abandoned'), entry.timeoutMs + ABANDON_GRACE_MS);
    })]);
    const settled = bounded.then((outcome) => {
      clearTimeout(timeout);
      clearTimeout(abandon);
      if (outcome === 'abandoned') {
        this.counts.abandoned++;
        this.options.logger.warn({ monitor: entry.id }, 'monitor check ignored its timeout; its slot is freed');
      } else this.counts.completed++;
      entry.running = false;
      entry.controller = null;
      this.inFlight--;
      this.settling.delete(settled);
      this.drain();
    });
    this.settling.add(settled);
  }
}

/** A stable offset in [0, interval) from the id, so monitors spread evenly and keep their phase across restarts. */
export function phaseOf(id: string, intervalMs: number): number {
  let hash = 2166136261;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 16777619) >>> 0;
  return hash % Math.max(1, intervalMs);
}
