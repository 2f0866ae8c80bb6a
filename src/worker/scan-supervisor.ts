import type { Logger } from 'pino';
import { STALE_AFTER_MS } from '../modules/network/network.presenter.js';
import { RESTARTED_MESSAGE } from '../modules/network/scan-abort.js';
import type { ScansRepository } from '../modules/network/scans.repository.js';
import type { ScanAssignments } from './assignments.js';
import type { WorkerRegistry } from './registry.js';
import type { ScanHandover } from './scan-handover.js';

/**
 * A worker whose registration is gone (or was replaced by a restarted process) is only taken for dead once its
 * scan's record has also been quiet this long: a live worker writes it every 2 s, so a registration that lapsed
 * during a Redis outage does not cost a running scan.
 */
const DEAD_QUIET_MS = 8000;

/**
 * Runs on one API instance at a time (a cluster job): finds scans whose worker stopped — killed, restarted, or
 * alive but no longer writing the record — and hands them over; drops assignments of finished scans.
 */
export class ScanSupervisor {
  constructor(private readonly deps: {
    scans: ScansRepository;
    registry: WorkerRegistry;
    assignments: ScanAssignments;
    handover: ScanHandover;
    logger: Logger;
  }) {}

  async check(now = Date.now()): Promise<void> {
    const { scans, registry, assignments, handover } = this.deps;
    // Assignments first: one made after this read belongs to a scan the next read still sees as active.
    const assigned = await assignments.all();
    const [active, workers] = await Promise.all([scans.active(), registry.live()]);
    const byName = new Map(workers.map((w) => [w.name, w]));
    for (const scan of active) {
      const quietMs = now - Date.parse(scan.updatedAt);
      const assignment = assigned.get(scan.id);
      if (!assignment) {
        // Created, but the instance that was dispatching it went away before it reached a worker.
        if (quietMs > STALE_AFTER_MS) await handover.interrupt(scan, RESTARTED_MESSAGE);
        continue;
      }
      const worker = byName.get(assignment.worker);
      const gone = !worker || (assignment.runner !== null && worker.incarnation !== assignment.runner);
      if ((gone && quietMs > DEAD_QUIET_MS) || quietMs > STALE_AFTER_MS) {
        const result = await handover.workerStopped(scan.id, assignment);
        this.deps.logger.info({ scanId: scan.id, worker: assignment.worker, result }, 'scan of a stopped worker handled');
      }
    }
    const activeIds = new Set(active.map((s) => s.id));
    for (const [scanId, assignment] of assigned) {
      if (!activeIds.has(scanId)) await assignments.remove(scanId, assignment);
    }
  }
}
