import type { Logger } from 'pino';
import { nowIso } from '../../db/values.js';
import type { NetworkEvents } from './network-events.js';
import type { Scan, ScansRepository } from './scans.repository.js';

export type Phase = 'queued' | 'targets' | 'discovery' | 'names' | 'ports' | 'topology' | 'saving' | 'done';

const MIN_GAP_MS = 250;
const MAX_SILENCE_MS = 1000;
const DB_FLUSH_MS = 2000;

/** `scan_progress` for a scan that is queued (realtime.md §6.1). */
export function queuedProgress(scan: Scan) {
  return {
    scan_id: scan.id, job_id: scan.jobId, status: 'QUEUED', progress: 0, message: 'Scan queued', phase: 'queued',
    discovered_devices: 0, is_complete: false,
  };
}

/** The last `scan_progress` of a scan, from its final record. */
export function finalProgress(scan: Scan) {
  const error = scan.errorMessage ?? 'Scan failed';
  const timedOut = scan.status === 'failed' && error.startsWith('Scan timed out');
  const [status, message] = {
    completed: ['COMPLETED', 'Scan completed'],
    failed: [timedOut ? 'TIMED_OUT' : 'FAILED', error],
    cancelled: ['CANCELLED', 'Scan cancelled'],
    interrupted: ['INTERRUPTED', 'Scan interrupted'],
  }[scan.status] ?? ['FAILED', error];
  return {
    scan_id: scan.id, job_id: scan.jobId, status, progress: scan.status === 'completed' ? 100 : scan.progress, message,
    phase: scan.phase, discovered_devices: scan.discoveredDevices, is_complete: true,
    ...(scan.status === 'completed' ? {} : { error }),
  };
}

/**
 * Progress of a running scan: `scan_progress` at most 4 and at least 1 per second, never decreasing; the record's
 * progress, phase and discovered count (and so its heartbeat) written every 2 s. A write that finds the record no
 * longer `in-progress` (cancelled elsewhere, cleaned as stale, deleted) calls `onLost`.
 */
export class ProgressReporter {
  private progress = 0;
  private phase: Phase = 'targets';
  private discovered = 0;
  private dirty = true;
  /** Phase changes not yet announced: each gets its own event, even when phases pass faster than 4 a second. */
  private readonly pending: Array<{ phase: Phase; progress: number; discovered: number }> = [];
  private lastEmit = 0;
  private lastFlush = Date.now();
  private flushing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly scan: Scan,
    private readonly deps: { events: NetworkEvents; scans: ScansRepository; logger: Logger; onLost: () => void },
  ) {
    // A scan run again (on another scan worker) continues from the progress already recorded, never lower.
    this.progress = Math.min(99, Math.max(0, Math.floor(scan.progress)));
  }

  start(): void {
    this.emit();
    this.timer = setInterval(() => this.tick(), MIN_GAP_MS);
    this.timer.unref();
  }

  /** Moves to `phase` (if given) and raises progress to `progress`; lower values are ignored. */
  update(phase: Phase | null, progress: number, discovered?: number): void {
    const value = Math.min(99, Math.floor(progress));
    if (value > this.progress) [this.progress, this.dirty] = [value, true];
    if (discovered !== undefined && discovered !== this.discovered) [this.discovered, this.dirty] = [discovered, true];
    if (phase && phase !== this.phase) {
      [this.phase, this.dirty] = [phase, true];
      this.pending.push({ phase, progress: this.progress, discovered: this.discovered });
    }
  }

  get state() {
    return { progress: this.progress, phase: this.phase, discovered: this.discovered };
  }

  private tick(): void {
    const now = Date.now();
    if (this.pending.length > 0) this.emit(this.pending.shift());
    else if (this.dirty || now - this.lastEmit >= MAX_SILENCE_MS) this.emit();
    if (now - this.lastFlush >= DB_FLUSH_MS && !this.flushing) void this.flush();
  }

  private emit(snapshot = { phase: this.phase, progress: this.progress, discovered: this.discovered }): void {
    if (this.pending.length === 0) this.dirty = false;
    this.lastEmit = Date.now();
    const { phase, progress, discovered } = snapshot;
    this.deps.events.scanProgress({
      scan_id: this.scan.id, job_id: this.scan.jobId, status: 'RUNNING', progress,
      message: `Scanning network (${progress}%)`, phase, discovered_devices: discovered, is_complete: false,
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    this.lastFlush = Date.now();
    try {
      const alive = await this.deps.scans.update(this.scan.id, {
        progress: this.progress, phase: this.phase, discovered_devices: this.discovered, updated_at: nowIso(),
      }, ['in-progress']);
      if (!alive && this.timer) this.deps.onLost();
    } catch (err) {
      this.deps.logger.warn({ err, scanId: this.scan.id }, 'scan progress write failed');
    } finally {
      this.flushing = false;
    }
  }

  /** Announces the phase changes still pending, then stops the periodic events and record writes. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      await this.settle();
      this.emit(next);
    }
  }

  /** Resolves once the next event may go out without exceeding 4 a second. */
  settle(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, this.lastEmit + MIN_GAP_MS - Date.now())));
  }
}
