import type { Scan } from './scans.repository.js';

/**
 * Where this instance's scans run: in-process (ScanQueue), or on `everyst worker` processes through Redis
 * (src/worker/scan-dispatch.ts) when SCAN_USE_WORKERS is set.
 */
export interface ScanExecutor {
  /** A scan the database already moved to `in-progress` for this instance. */
  startNow(scan: Scan): void;
  /** A `queued` scan: run it when a slot is free. */
  enqueue(scan: Scan): void;
  /** Whether this instance holds the scan (waiting or running). */
  has(id: string): boolean;
  isRunning(id: string): boolean;
  readonly runningJobs: Scan[];
  /** Stops a scan this instance runs; the caller has already recorded why. */
  stop(id: string, kind: 'cancelled' | 'timeout'): void;
  shutdown(): Promise<void>;
}
