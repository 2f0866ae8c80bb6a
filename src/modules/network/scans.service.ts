import { randomUUID } from 'node:crypto';
import { isUuid, nowIso } from '../../db/values.js';
import { badRequest, conflict, notFound, throttled, validationError } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { DevicesRepository } from './devices.repository.js';
import type { Body } from './field-rules.js';
import { isStale, presentScan, STALE_AFTER_MS, type ScanView } from './network.presenter.js';
import { CANCELLED_MESSAGE } from './scan-abort.js';
import type { ScanExecutor } from './scan-executor.js';
import type { ScanLifecycle } from './scan-lifecycle.js';
import { DEVICE_NOT_FOUND, NO_DEVICE_IP, parseScanRequest } from './scan-request.js';
import { targetSetKey, type TargetResolver } from './scan-targets.js';
import { ACTIVE_STATUSES, type Scan, type ScanFilters, type ScansRepository } from './scans.repository.js';

export const SCAN_IN_PROGRESS = 'A scan is already in progress';
export const QUEUE_FULL = 'The scan queue is full. Try again later.';
export const NOT_RUNNING = 'Scan is not running';

export interface ScanLimits {
  maxConcurrent: number; queueSize: number; worker: string;
  /** Scan workers claim their slot themselves: new records always start `queued`. */
  startQueued?: boolean;
}

/** Starting, cancelling and reading scans (rest.md §8.5, scanner.md §2, §9). */
export class ScansService {
  constructor(
    private readonly scans: ScansRepository,
    private readonly devices: DevicesRepository,
    private readonly targets: TargetResolver,
    readonly queue: ScanExecutor,
    private readonly lifecycle: ScanLifecycle,
    private readonly limits: ScanLimits,
  ) {}

  /** Creates the record and returns at once; the scan runs in the background. `userId` null = scheduled. */
  async start(userId: number | null, body: Body): Promise<{ scan: Scan; queued: boolean }> {
    const request = parseScanRequest(body);
    let ipRange = request.ipRange;
    if (request.targetDeviceId) {
      const device = await this.devices.find(request.targetDeviceId);
      if (!device) throw validationError({ target_device_id: [DEVICE_NOT_FOUND] });
      if (!ipRange) {
        if (!device.ip) throw badRequest(NO_DEVICE_IP);
        ipRange = device.ip;
      }
    }
    const cidrs = ipRange ? this.targets.requested(ipRange) : this.targets.automatic();
    const now = nowIso();
    const scan: Scan = {
      id: randomUUID(), jobId: randomUUID(), timestamp: now, status: 'queued', scanType: request.scanType, ipRange, targets: cidrs,
      targetSetKey: targetSetKey(cidrs), targetDeviceId: request.targetDeviceId,
      options: { includePorts: request.includePorts, includeOsDetection: request.includeOsDetection, timeout: request.timeout },
      progress: 0, phase: 'queued', discoveredDevices: 0, newDevices: 0, offlineDevices: 0, duration: null, startedAt: null,
      finishedAt: null, errorMessage: null, warning: null, scanMethod: 'nmap', startedBy: userId, worker: null, createdAt: now, updatedAt: now,
    };
    const decision = await this.scans.create(scan, { ...this.limits, freshSince: new Date(Date.now() - STALE_AFTER_MS).toISOString() });
    if (decision.kind === 'conflict') throw conflict(SCAN_IN_PROGRESS, { active_scan: presentScan(decision.active) });
    if (decision.kind === 'full') throw throttled(QUEUE_FULL, 30);
    const created = decision.scan;
    if (created.status === 'queued') this.queue.enqueue(created);
    else this.queue.startNow(created);
    return { scan: created, queued: created.status === 'queued' };
  }

  async find(id: string): Promise<Scan> {
    const scan = isUuid(id) ? await this.scans.find(id) : undefined;
    if (!scan) throw notFound();
    return scan;
  }

  /** By `scan_id` or `job_id` (socket events). */
  async findByEither(payload: Body): Promise<Scan> {
    const id = payload.scan_id ?? payload.job_id;
    if (id === undefined || id === null || id === '') throw badRequest('Either job_id or scan_id must be provided');
    const text = String(id);
    const scan = isUuid(text) ? (payload.scan_id ? await this.scans.find(text.toLowerCase()) : await this.scans.findByJob(text.toLowerCase())) : undefined;
    if (!scan) throw notFound(`Scan with ID ${text} not found`);
    return scan;
  }

  /** Scans, newest first; `filters.scanType` compares lower-case. */
  async list(filters: ScanFilters, window: ListWindow): Promise<Listing<ScanView>> {
    const [count, rows] = await Promise.all([this.scans.count(filters), this.scans.list(filters, window.offset, window.limit)]);
    return { count, rows: rows.map((s) => presentScan(s)) };
  }

  async latestCompleted(): Promise<Scan> {
    const scan = await this.scans.latest(['completed']);
    if (!scan) throw notFound('No completed scans found', { status: 'error', message: 'No completed scans found' });
    return scan;
  }

  /** When the newest completed scan was requested (ISO), null when none completed (the live metrics' `security.lastScan`). */
  lastCompletedAt(): Promise<string | null> {
    return this.scans.lastCompletedAt();
  }

  /** Cancels a queued or running scan; returns the record (status `cancelled`), or null when it was not active. */
  async cancel(scan: Scan): Promise<Scan | null> {
    if (!(await this.lifecycle.record(scan, { status: 'cancelled', errorMessage: CANCELLED_MESSAGE, from: ACTIVE_STATUSES }))) return null;
    this.queue.stop(scan.id, 'cancelled');
    // A scan that never ran has no runner to report its end; a running one's runner reports it.
    const cancelled = await this.lifecycle.report(scan.id, { announce: scan.status === 'queued', notify: scan.status === 'queued' });
    return cancelled!;
  }

  async cancelOrConflict(id: string): Promise<Scan> {
    const cancelled = await this.cancel(await this.find(id));
    if (!cancelled) throw conflict(NOT_RUNNING);
    return cancelled;
  }

  async delete(id: string): Promise<void> {
    const scan = await this.find(id);
    if ((ACTIVE_STATUSES as readonly string[]).includes(scan.status)) throw conflict('Scan is still running');
    await this.scans.delete(scan.id);
  }

  /** For `get_network_scan_status`. */
  async status() {
    const active = await this.scans.active();
    const running = active.filter((s) => s.status === 'in-progress')
      .sort((a, b) => (a.startedAt ?? a.timestamp).localeCompare(b.startedAt ?? b.timestamp));
    const latest = await this.scans.latest(['completed', 'failed', 'cancelled', 'interrupted'], 'finished_at');
    return {
      status: 'success',
      active_scan: running[0] ? presentScan(running[0]) : null,
      latest_scan: latest ? presentScan(latest) : null,
      is_scan_active: active.some((s) => s.status === 'queued' || !isStale(s)),
      queued_scans: active.filter((s) => s.status === 'queued').map((s) => presentScan(s)),
    };
  }
}
