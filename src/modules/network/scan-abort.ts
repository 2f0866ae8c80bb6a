/**
 * Why a running scan was stopped; the abort signal's reason. `released`: a scan worker that stops hands the scan
 * to another worker (src/worker/scan-handover.ts), so this run records nothing.
 */
export type AbortKind = 'cancelled' | 'timeout' | 'shutdown' | 'lost' | 'released';

export class ScanAbort extends Error {
  constructor(readonly kind: AbortKind) {
    super(`scan stopped: ${kind}`);
    this.name = 'ScanAbort';
  }
}

export const abortKind = (signal: AbortSignal): AbortKind | null =>
  signal.aborted ? (signal.reason instanceof ScanAbort ? signal.reason.kind : 'cancelled') : null;

export const CANCELLED_MESSAGE = 'Scan was cancelled by user';
export const SHUTDOWN_MESSAGE = 'Server shutting down';
export const WORKER_STOPPED_MESSAGE = 'Scan worker stopped';
export const RESTARTED_MESSAGE = 'Application restarted while scan was in progress';
export const NO_DEVICES_WARNING = 'No devices found. The scan may be running in a restricted environment (WSL, VM).';
export const timedOutMessage = (seconds: number) => `Scan timed out after ${seconds} seconds`;
