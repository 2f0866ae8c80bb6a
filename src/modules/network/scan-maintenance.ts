import type { Logger } from 'pino';
import { isStale, STALE_AFTER_MS } from './network.presenter.js';
import { RESTARTED_MESSAGE } from './scan-abort.js';
import type { ScanExecutor } from './scan-executor.js';
import type { ScanLifecycle } from './scan-lifecycle.js';
import type { Scan, ScansRepository } from './scans.repository.js';

const PAST_TIMEOUT_GRACE_MS = 60_000;

/** Scans left behind by a restart or a dead job (scanner.md §10; `clean_stale_scans`, `check_scan_status`). */
export class ScanMaintenance {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly scans: ScansRepository,
    private readonly queue: ScanExecutor,
    private readonly lifecycle: ScanLifecycle,
    private readonly logger: Logger,
  ) {}

  private async interrupt(scan: Scan, announce: boolean): Promise<boolean> {
    const done = await this.lifecycle.record(scan, { status: 'interrupted', errorMessage: RESTARTED_MESSAGE, from: [scan.status] });
    if (done && announce) await this.lifecycle.report(scan.id);
    return done;
  }

  /**
   * At start, before serving: a single instance owns every active scan, so all of them were interrupted; with
   * several instances only those whose heartbeat is stale, the others are checked again when they would be.
   */
  async interruptAtStart(singleInstance: boolean): Promise<number> {
    let count = 0;
    for (const scan of await this.scans.active()) {
      const silentFor = Date.now() - Date.parse(scan.updatedAt);
      if (singleInstance || silentFor > STALE_AFTER_MS) {
        if (await this.interrupt(scan, false)) count++;
      } else this.recheck(scan.id, STALE_AFTER_MS - silentFor + 500);
    }
    return count;
  }

  private recheck(id: string, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void (async () => {
        const scan = await this.scans.find(id);
        if (!scan || !['queued', 'in-progress'].includes(scan.status) || this.queue.has(id)) return;
        const silentFor = Date.now() - Date.parse(scan.updatedAt);
        if (silentFor > STALE_AFTER_MS) await this.interrupt(scan, true);
        else this.recheck(id, STALE_AFTER_MS - silentFor + 500);
      })().catch((err: unknown) => this.logger.warn({ err }, 'stale scan check failed'));
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }

  /** Marks stale records interrupted and stops local jobs that ran a minute past their timeout. */
  async cleanStale(): Promise<{ cleaned: number; staleJobs: number; active: number; activeJobs: number }> {
    const now = Date.now();
    let staleJobs = 0;
    for (const job of this.queue.runningJobs) {
      const started = Date.parse(job.startedAt ?? job.timestamp);
      if (now > started + job.options.timeout * 1000 + PAST_TIMEOUT_GRACE_MS) {
        this.queue.stop(job.id, 'timeout');
        staleJobs++;
      }
    }
    let cleaned = 0;
    for (const scan of await this.scans.active()) {
      const orphanQueued = scan.status === 'queued' && !this.queue.has(scan.id) && now - Date.parse(scan.updatedAt) > STALE_AFTER_MS;
      const deadRunning = scan.status === 'in-progress' && isStale(scan, now) && !this.queue.isRunning(scan.id);
      if ((orphanQueued || deadRunning) && (await this.interrupt(scan, true))) cleaned++;
    }
    return { cleaned, staleJobs, active: (await this.scans.active()).length, activeJobs: this.queue.runningJobs.length };
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
