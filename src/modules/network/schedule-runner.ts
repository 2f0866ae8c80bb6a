import type { Logger } from 'pino';
import { DomainError } from '../../errors.js';
import { nextRun } from './schedule-recurrence.js';
import { timingOf } from './schedules.service.js';
import type { Schedule, SchedulesRepository } from './schedules.repository.js';
import type { ScansService } from './scans.service.js';
import { ACTIVE_STATUSES, type ScansRepository } from './scans.repository.js';

export const STILL_RUNNING = 'Skipped: the previous scan of this schedule was still running.';
const INTERNAL = 'The scan could not be started: internal error';

export interface ScheduleRunnerDeps {
  schedules: SchedulesRepository;
  /** Starts scans exactly as a user's start request does (queue, limits, scan workers). */
  scans: ScansService;
  scanRecords: ScansRepository;
  clock: () => Date;
  logger: Logger;
}

/**
 * Starts the scans of due schedules (the `network.scan-schedules` cluster job). A due schedule moves on to its next
 * run first (a compare-and-set on `next_run_at`, so two instances never both start it), then starts its scan —
 * unless the scan it started last is still queued or running: one running scan per schedule, the run is skipped.
 */
export class ScheduleRunner {
  constructor(private readonly deps: ScheduleRunnerDeps) {}

  /** How many scans it started. */
  async runDue(): Promise<number> {
    const now = this.deps.clock();
    let started = 0;
    for (const schedule of await this.deps.schedules.due(now.toISOString())) {
      if (await this.run(schedule, now)) started++;
    }
    return started;
  }

  private async run(schedule: Schedule, now: Date): Promise<boolean> {
    const { schedules } = this.deps;
    const next = nextRun(timingOf(schedule), new Date(schedule.createdAt), now, new Date(schedule.nextRunAt!));
    if (!(await schedules.claimRun(schedule.id, schedule.nextRunAt!, { nextRunAt: next?.toISOString() ?? null }))) return false;
    const previous = schedule.lastScanId ? await this.deps.scanRecords.find(schedule.lastScanId) : undefined;
    if (previous && (ACTIVE_STATUSES as readonly string[]).includes(previous.status)) {
      await schedules.update(schedule.id, { lastError: STILL_RUNNING });
      return false;
    }
    try {
      const { scan } = await this.deps.scans.start(null, { ip_range: schedule.ipRange, scan_type: schedule.scanType });
      await schedules.update(schedule.id, { lastRunAt: now.toISOString(), lastScanId: scan.id, lastError: null });
      return true;
    } catch (error) {
      // A refused range (SCAN_ALLOWED_NETWORKS changed), a scan of the same targets already active, a full queue.
      if (!(error instanceof DomainError)) this.deps.logger.error({ err: error, scheduleId: schedule.id }, 'scheduled scan could not start');
      await schedules.update(schedule.id, { lastError: error instanceof DomainError ? error.detail : INTERNAL });
      return false;
    }
  }
}
