import type { Logger } from 'pino';
import type { ScanExecutor } from '../modules/network/scan-executor.js';
import type { ScanLifecycle } from '../modules/network/scan-lifecycle.js';
import type { Scan } from '../modules/network/scans.repository.js';
import type { ScanAssignments } from './assignments.js';
import type { ScanJobQueues } from './job-queues.js';
import { chooseWorker, type WorkerRegistry } from './registry.js';

/**
 * SCAN_USE_WORKERS: the API runs no scan itself. Each new (queued) scan is assigned to the least busy live
 * worker that reaches all its targets and put on that worker's queue; the worker claims a slot, runs it and
 * reports through the Redis adapter. Cancels need no message: the worker sees the record change within 2 s.
 */
export class ScanDispatch implements ScanExecutor {
  readonly runningJobs: Scan[] = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: {
    lifecycle: ScanLifecycle;
    registry: WorkerRegistry;
    assignments: ScanAssignments;
    queues: ScanJobQueues;
    logger: Logger;
    close: () => Promise<void>;
  }) {}

  startNow(scan: Scan): void {
    this.track(this.dispatch(scan));
  }

  enqueue(scan: Scan): void {
    this.deps.lifecycle.queued(scan);
    this.track(this.dispatch(scan));
  }

  has(): boolean {
    return false;
  }

  isRunning(): boolean {
    return false;
  }

  stop(): void {
    // The worker running it sees the record's new status at its next write and stops.
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  private async dispatch(scan: Scan): Promise<void> {
    const { registry, assignments, queues, logger } = this.deps;
    let worker;
    try {
      worker = chooseWorker(await registry.live(), scan.targets);
      if (worker) {
        await assignments.create(scan.id, { worker: worker.name, attempt: 1, runner: null });
        await queues.add(worker.name, { scanId: scan.id, attempt: 1 });
      }
    } catch (err) {
      logger.error({ err, scanId: scan.id }, 'scan could not be queued for a worker');
      return this.fail(scan, 'the scan worker queue (Redis) is unreachable');
    }
    if (!worker) return this.fail(scan, `no live scan worker reaches ${scan.targets.join(', ')}`);
    logger.info({ scanId: scan.id, worker: worker.name }, 'scan queued for a worker');
  }

  /** The scan never reached a worker: it fails with the reason (scanner.md §9 "error"). */
  private async fail(scan: Scan, reason: string): Promise<void> {
    try {
      await this.deps.lifecycle.finish(scan, {
        status: 'failed', errorMessage: `Scan failed: ${reason}`, from: ['queued', 'in-progress'], duration: false,
      }, { notify: true });
    } catch (err) {
      this.deps.logger.error({ err, scanId: scan.id }, 'scan could not be marked failed');
    }
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    await this.deps.close();
  }
}
