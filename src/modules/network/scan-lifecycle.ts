import type { Logger } from 'pino';
import { nowIso } from '../../db/values.js';
import type { NetworkEvents } from './network-events.js';
import { STALE_AFTER_MS } from './network.presenter.js';
import type { DeviceChanges, ScanNotifier } from './scan-notifier.js';
import { finalProgress, queuedProgress } from './scan-progress.js';
import type { Scan, ScanChanges, ScansRepository } from './scans.repository.js';

export type FinalStatus = 'completed' | 'failed' | 'cancelled' | 'interrupted';

export const INTERNAL_FAILURE = 'Scan failed: internal error';

/** How a scan ends: its final status and message, written only while the record is still in one of `from`. */
export interface ScanEnding {
  status: FinalStatus;
  errorMessage: string | null;
  /** The statuses the record may end from (a compare-and-set: two deciders never both end a scan). */
  from: readonly string[];
  /** More fields of the final record (counts, phase, progress, warning). */
  fields?: ScanChanges;
  /** Seconds the scan ran; by default since `startedAt` (null for a scan that never started), `false` leaves it. */
  duration?: number | null | false;
  /**
   * A scan another decider already cancelled keeps that status and only gains `fields` (a cancel that raced the
   * end of a run: the cancel decided the status, the results still count).
   */
  keepCancelled?: boolean;
}

export interface ReportOptions {
  /** Send the final `scan_progress` (default true). */
  announce?: boolean;
  /** Send the outcome notice to the user who started the scan (scanner.md §11). */
  notify?: boolean;
  /** Device notices of a run that saved results; sent before the outcome notice. */
  devices?: DeviceChanges;
  /** Runs after the write and before the final `scan_progress` (a run's `network_update` events). */
  beforeReport?: () => Promise<void>;
  /** Report even when the write found the scan already ended (a run reports the end of a scan cancelled meanwhile). */
  always?: boolean;
}

/**
 * The one owner of a scan's lifecycle (scanner.md §9, §10): `queued` announces a waiting scan, `start` claims a
 * slot for it, `finish` ends it — guarded status write, read, final `scan_progress`, notices. Every executor
 * (the in-process queue, scan workers, the dispatch to them, maintenance, cancels) ends scans through it.
 */
export class ScanLifecycle {
  constructor(private readonly deps: { scans: ScansRepository; events: NetworkEvents; notifier: ScanNotifier; logger: Logger }) {}

  /** A scan that waits for a slot: its first `scan_progress`. */
  queued(scan: Scan): void {
    this.deps.events.scanProgress(queuedProgress(scan));
  }

  /** Claims a slot for a queued scan (`SCAN_MAX_CONCURRENT` holds across instances); the started scan, or null. */
  async start(scan: Scan, limits: { maxConcurrent: number; worker: string }): Promise<Scan | null> {
    const startedAt = nowIso();
    const freshSince = new Date(Date.now() - STALE_AFTER_MS).toISOString();
    if (!(await this.deps.scans.claim(scan.id, { maxConcurrent: limits.maxConcurrent, freshSince }, { startedAt, worker: limits.worker }))) return null;
    return { ...scan, status: 'in-progress', startedAt, phase: 'targets', worker: limits.worker, updatedAt: startedAt };
  }

  /** Writes the end of a scan; true when this call ended it. */
  async record(scan: Scan, ending: ScanEnding): Promise<boolean> {
    const now = new Date();
    const at = now.toISOString();
    const duration = ending.duration === undefined
      ? (scan.startedAt ? Math.round(now.getTime() - Date.parse(scan.startedAt)) / 1000 : null)
      : ending.duration;
    const fields = ending.fields ?? {};
    const done = await this.deps.scans.update(scan.id, {
      ...fields, status: ending.status, error_message: ending.errorMessage, finished_at: at, updated_at: at,
      ...(duration === false ? {} : { duration }),
    }, ending.from);
    if (!done && ending.keepCancelled) await this.deps.scans.update(scan.id, { ...fields, updated_at: at }, ['cancelled']);
    return done;
  }

  /** Reads the final record and reports it: final `scan_progress`, device notices, the outcome notice. */
  async report(scanId: string, options: ReportOptions = {}): Promise<Scan | undefined> {
    await options.beforeReport?.();
    const final = await this.deps.scans.find(scanId);
    if (!final) return undefined;
    if (options.announce !== false) this.deps.events.scanProgress(finalProgress(final));
    if (options.devices) await this.deps.notifier.devices(options.devices);
    if (options.notify) await this.deps.notifier.outcome(final);
    return final;
  }

  /** `record` then, when this call ended the scan (or `always`), `report`; the final record when reported. */
  async finish(scan: Scan, ending: ScanEnding, options: ReportOptions = {}): Promise<Scan | undefined> {
    const done = await this.record(scan, ending);
    if (!done && !options.always) return undefined;
    return this.report(scan.id, options);
  }

  /** The run itself failed (e.g. the database went away): the record must not stay `in-progress`. Throws when it cannot be written. */
  async abandon(scan: Scan, err: unknown): Promise<void> {
    this.deps.logger.error({ err, scanId: scan.id }, 'scan run failed');
    await this.finish(scan, { status: 'failed', errorMessage: INTERNAL_FAILURE, from: ['in-progress'], duration: false }, { always: true });
  }
}
