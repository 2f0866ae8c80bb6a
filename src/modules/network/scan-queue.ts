import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { nowIso } from '../../db/values.js';
import { ScanAbort, SHUTDOWN_MESSAGE } from './scan-abort.js';
import type { ScanExecutor } from './scan-executor.js';
import type { ScanLifecycle } from './scan-lifecycle.js';
import type { ScanRunner } from './scan-runner.js';
import type { Scan, ScansRepository } from './scans.repository.js';

interface Job { scan: Scan; controller: AbortController; timer: NodeJS.Timeout; done: Promise<void> }

const TICK_MS = 2000;
const SHUTDOWN_WAIT_MS = 15_000;

/**
 * This instance's scans: those waiting (FIFO) and those running. Slots are claimed in the database, so
 * `SCAN_MAX_CONCURRENT` holds across instances; waiting scans get a heartbeat so that no restart check takes
 * them for abandoned.
 */
export class ScanQueue implements ScanExecutor {
  private readonly waiting: Scan[] = [];
  private readonly running = new Map<string, Job>();
  private ticker: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly scans: ScansRepository,
    private readonly runner: ScanRunner,
    private readonly lifecycle: ScanLifecycle,
    private readonly settings: { maxConcurrent: number; worker: string },
    private readonly logger: Logger,
  ) {}

  /** A scan the database already moved to `in-progress` for us. */
  startNow(scan: Scan): void {
    this.launch(scan);
  }

  enqueue(scan: Scan): void {
    this.waiting.push(scan);
    this.lifecycle.queued(scan);
    this.ensureTicker();
    void this.pump();
  }

  has(id: string): boolean {
    return this.running.has(id) || this.waiting.some((s) => s.id === id);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  get runningJobs(): Scan[] {
    return [...this.running.values()].map((j) => j.scan);
  }

  /** Stops a local scan; the caller has already recorded why. */
  stop(id: string, kind: 'cancelled' | 'timeout'): void {
    const index = this.waiting.findIndex((s) => s.id === id);
    if (index >= 0) this.waiting.splice(index, 1);
    this.running.get(id)?.controller.abort(new ScanAbort(kind));
  }

  private launch(scan: Scan): void {
    const controller = new AbortController();
    // Every probe and child process of the scan listens on this one signal.
    setMaxListeners(0, controller.signal);
    const timer = setTimeout(() => controller.abort(new ScanAbort('timeout')), scan.options.timeout * 1000);
    const done = this.runner.run(scan, controller)
      .catch((err: unknown) => this.abandon(scan, err))
      .finally(() => {
        clearTimeout(timer);
        this.running.delete(scan.id);
        if (!this.closed) void this.pump();
      });
    this.running.set(scan.id, { scan, controller, timer, done });
    this.ensureTicker();
  }

  /** The runner itself failed (e.g. the database went away): the record must not stay `in-progress`. */
  private async abandon(scan: Scan, err: unknown): Promise<void> {
    try {
      await this.lifecycle.abandon(scan, err);
    } catch (error) {
      this.logger.error({ err: error, scanId: scan.id }, 'scan could not be marked failed');
    }
  }

  private ensureTicker(): void {
    if (this.ticker || this.closed) return;
    this.ticker = setInterval(() => void this.tick(), TICK_MS);
    this.ticker.unref();
  }

  private async tick(): Promise<void> {
    if (this.waiting.length === 0 && this.running.size === 0) {
      clearInterval(this.ticker);
      this.ticker = undefined;
      return;
    }
    try {
      await this.scans.heartbeat(this.waiting.map((s) => s.id), nowIso());
    } catch (err) {
      this.logger.warn({ err }, 'scan queue heartbeat failed');
    }
    await this.pump();
  }

  /** Starts waiting scans, oldest first, while the database grants slots. */
  pump(): Promise<void> {
    this.pumping ??= this.pumpOnce().finally(() => {
      this.pumping = null;
    });
    return this.pumping;
  }

  private async pumpOnce(): Promise<void> {
    while (!this.closed && this.waiting.length > 0) {
      const next = this.waiting[0];
      try {
        const started = await this.lifecycle.start(next, this.settings);
        if (started) {
          this.waiting.shift();
          this.launch(started);
          continue;
        }
        const current = await this.scans.find(next.id);
        if (current?.status === 'queued') return;
        this.waiting.shift();
      } catch (err) {
        this.logger.warn({ err }, 'scan queue could not claim a slot');
        return;
      }
    }
  }

  /** Graceful shutdown (scanner.md §10): waiting and running scans end as interrupted, "Server shutting down". */
  async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.ticker);
    for (const scan of this.waiting.splice(0)) {
      await this.lifecycle.finish(scan, { status: 'interrupted', errorMessage: SHUTDOWN_MESSAGE, from: ['queued'], duration: false }, { always: true });
    }
    const jobs = [...this.running.values()];
    for (const job of jobs) job.controller.abort(new ScanAbort('shutdown'));
    const limit = new Promise<void>((resolve) => setTimeout(resolve, SHUTDOWN_WAIT_MS).unref());
    await Promise.race([Promise.all(jobs.map((j) => j.done)), limit]);
  }
}
