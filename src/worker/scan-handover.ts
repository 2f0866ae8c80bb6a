import type { Logger } from 'pino';
import { WORKER_STOPPED_MESSAGE } from '../modules/network/scan-abort.js';
import type { ScanLifecycle } from '../modules/network/scan-lifecycle.js';
import { ACTIVE_STATUSES, type Scan, type ScansRepository } from '../modules/network/scans.repository.js';
import type { Assignment, ScanAssignments } from './assignments.js';
import type { ScanJobQueues } from './job-queues.js';
import type { ProgressMemory } from './progress-memory.js';
import { chooseWorker, type WorkerRegistry } from './registry.js';

export type HandoverResult = 'retried' | 'interrupted' | 'finished' | 'skipped';

const MAX_ATTEMPTS = 2;

/**
 * What happens to a scan whose worker stopped (scanner.md §10): it is retried once on another live worker that
 * reaches its targets, otherwise marked `interrupted` with "Scan worker stopped". Used by the API's supervisor
 * (a worker that died) and by a worker that stops gracefully (it releases its scans). Every step is a
 * compare-and-set on the assignment, so two deciders never both act.
 */
export class ScanHandover {
  constructor(private readonly deps: {
    scans: ScansRepository;
    registry: WorkerRegistry;
    assignments: ScanAssignments;
    queues: ScanJobQueues;
    progress: ProgressMemory;
    lifecycle: ScanLifecycle;
    logger: Logger;
  }) {}

  async workerStopped(scanId: string, stopped: Assignment): Promise<HandoverResult> {
    const { scans, assignments, registry, queues, logger } = this.deps;
    const scan = await scans.find(scanId);
    if (!scan || !(ACTIVE_STATUSES as readonly string[]).includes(scan.status)) {
      await assignments.remove(scanId, stopped);
      return 'finished';
    }
    // The stopped process is excluded; a restarted process of the same name is another worker.
    const sameProcess = (w: { name: string; incarnation: string }) =>
      w.name === stopped.worker && (stopped.runner === null || w.incarnation === stopped.runner);
    const next = stopped.attempt < MAX_ATTEMPTS ? chooseWorker(await registry.live(), scan.targets, sameProcess) : null;
    if (!next) {
      if (!(await assignments.remove(scanId, stopped))) return 'skipped';
      await this.interrupt(scan, WORKER_STOPPED_MESSAGE);
      logger.warn({ scanId, worker: stopped.worker }, 'scan worker stopped; no other worker may retry the scan');
      return 'interrupted';
    }
    const retry: Assignment = { worker: next.name, attempt: stopped.attempt + 1, runner: null };
    if (!(await assignments.replace(scanId, stopped, retry))) return 'skipped';
    await queues.add(next.name, { scanId, attempt: retry.attempt });
    logger.warn({ scanId, from: stopped.worker, to: next.name }, 'scan worker stopped; scan retried on another worker');
    return 'retried';
  }

  /** Ends an active scan as `interrupted` and announces it to every socket, at the progress it had reached. */
  async interrupt(scan: Scan, message: string): Promise<void> {
    const progress = Math.max(scan.progress, await this.deps.progress.floor(scan.id));
    await this.deps.lifecycle.finish(scan, { status: 'interrupted', errorMessage: message, from: ACTIVE_STATUSES, fields: { progress } });
    await this.deps.progress.forget(scan.id).catch(() => undefined);
  }
}
