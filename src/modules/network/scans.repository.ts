import { sql, type Kysely, type Selectable, type Transaction, type Updateable } from 'kysely';
import type { Dialect } from '../../db/ddl.js';
import type { DB, NetworkScansTable } from '../../db/tables.js';
import { bool, json, toJson } from '../../db/values.js';
import { isUniqueViolation } from '../../db/database.js';

export const ACTIVE_STATUSES = ['queued', 'in-progress'] as const;
export const FINAL_STATUSES = ['completed', 'failed', 'cancelled', 'interrupted'] as const;

export interface ScanOptions { includePorts: boolean; includeOsDetection: boolean; timeout: number }

/** A scan record (models.md §3.4) with engines' value forms normalised. */
export interface Scan {
  id: string; jobId: string; timestamp: string; status: string; scanType: string; ipRange: string | null; targets: string[];
  targetSetKey: string; targetDeviceId: string | null; options: ScanOptions; progress: number; phase: string;
  discoveredDevices: number; newDevices: number; offlineDevices: number; duration: number | null; startedAt: string | null;
  finishedAt: string | null; errorMessage: string | null; warning: string | null; scanMethod: string; startedBy: number | null;
  worker: string | null; createdAt: string; updatedAt: string;
}

export type ScanChanges = Updateable<NetworkScansTable>;
export interface ScanFilters { status?: string; scanType?: string }
export interface ScanDeviceRow { scanId: string; deviceId: string; observed: boolean; observedIp: string | null; isNew: boolean; wentOffline: boolean }
export type QueueDecision = { kind: 'created'; scan: Scan } | { kind: 'conflict'; active: Scan } | { kind: 'full' };

function toScan(r: Selectable<NetworkScansTable>): Scan {
  const o = json<Record<string, unknown>>(r.options, {});
  return {
    id: r.id, jobId: r.job_id, timestamp: r.timestamp, status: r.status, scanType: r.scan_type, ipRange: r.ip_range,
    targets: json<string[]>(r.targets, []), targetSetKey: r.target_set_key, targetDeviceId: r.target_device_id,
    options: { includePorts: o.include_ports !== false, includeOsDetection: o.include_os_detection === true, timeout: Number(o.timeout ?? 600) },
    progress: Number(r.progress), phase: r.phase, discoveredDevices: Number(r.discovered_devices), newDevices: Number(r.new_devices),
    offlineDevices: Number(r.offline_devices), duration: r.duration === null ? null : Number(r.duration), startedAt: r.started_at,
    finishedAt: r.finished_at, errorMessage: r.error_message, warning: r.warning, scanMethod: r.scan_method,
    startedBy: r.started_by === null ? null : Number(r.started_by), worker: r.worker, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

export function scanColumns(s: Scan): NetworkScansTable {
  return {
    id: s.id, job_id: s.jobId, timestamp: s.timestamp, status: s.status, scan_type: s.scanType, ip_range: s.ipRange,
    targets: toJson(s.targets), target_set_key: s.targetSetKey, target_device_id: s.targetDeviceId,
    options: toJson({ include_ports: s.options.includePorts, include_os_detection: s.options.includeOsDetection, timeout: s.options.timeout }),
    progress: s.progress, phase: s.phase, discovered_devices: s.discoveredDevices, new_devices: s.newDevices,
    offline_devices: s.offlineDevices, duration: s.duration, started_at: s.startedAt, finished_at: s.finishedAt,
    error_message: s.errorMessage, warning: s.warning, scan_method: s.scanMethod, started_by: s.startedBy, worker: s.worker,
    created_at: s.createdAt, updated_at: s.updatedAt,
  };
}

/** `network_scans` and `network_scan_devices`. Queue limits are decided here, in the database (scanner.md §2.3). */
export class ScansRepository {
  constructor(private readonly db: Kysely<DB>, private readonly dialect: Dialect) {}

  /** Serialises queue decisions across instances (SQLite transactions already are). */
  private async locked<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(4216001)`.execute(trx);
      return fn(trx);
    });
  }

  private async countRunning(q: Kysely<DB>, freshSince: string): Promise<number> {
    const row = await q.selectFrom('network_scans').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'in-progress').where('updated_at', '>=', freshSince).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private async countQueued(q: Kysely<DB>): Promise<number> {
    const row = await q.selectFrom('network_scans').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'queued').executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Creates the record `in-progress` when a slot is free and nobody waits, else `queued`, else refuses. With
   * `startQueued` (scan workers) a scan that may start is still created `queued`: its worker claims the slot.
   */
  async create(scan: Scan, limits: { maxConcurrent: number; queueSize: number; freshSince: string; worker: string; startQueued?: boolean }): Promise<QueueDecision> {
    try {
      return await this.locked(async (trx) => {
        const active = await this.activeByKey(scan.targetSetKey, trx);
        if (active) return { kind: 'conflict', active } as const;
        const queued = await this.countQueued(trx);
        const slot = queued === 0 && (await this.countRunning(trx, limits.freshSince)) < limits.maxConcurrent;
        if (!slot && queued >= limits.queueSize) return { kind: 'full' } as const;
        const free = slot && !limits.startQueued;
        const row: Scan = free ? { ...scan, status: 'in-progress', startedAt: scan.timestamp, phase: 'targets', worker: limits.worker } : scan;
        await trx.insertInto('network_scans').values(scanColumns(row)).execute();
        return { kind: 'created', scan: row } as const;
      });
    } catch (error) {
      // Another instance took the same target set between our check and our insert.
      const active = isUniqueViolation(error) ? await this.activeByKey(scan.targetSetKey) : undefined;
      if (active) return { kind: 'conflict', active };
      throw error;
    }
  }

  /** Moves a queued scan to `in-progress` when fewer than `maxConcurrent` run anywhere. */
  async claim(id: string, limits: { maxConcurrent: number; freshSince: string }, fields: { startedAt: string; worker: string }): Promise<boolean> {
    return this.locked(async (trx) => {
      if ((await this.countRunning(trx, limits.freshSince)) >= limits.maxConcurrent) return false;
      const result = await trx.updateTable('network_scans')
        .set({ status: 'in-progress', started_at: fields.startedAt, phase: 'targets', worker: fields.worker, updated_at: fields.startedAt })
        .where('id', '=', id).where('status', '=', 'queued').executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    });
  }

  async activeByKey(key: string, q: Kysely<DB> = this.db): Promise<Scan | undefined> {
    const row = await q.selectFrom('network_scans').selectAll().where('target_set_key', '=', key)
      .where('status', 'in', [...ACTIVE_STATUSES]).executeTakeFirst();
    return row && toScan(row);
  }

  /** Applies `changes` when the record's status is one of `onlyIf` (any status when omitted). */
  async update(id: string, changes: ScanChanges, onlyIf?: readonly string[]): Promise<boolean> {
    let q = this.db.updateTable('network_scans').set(changes).where('id', '=', id);
    if (onlyIf) q = q.where('status', 'in', [...onlyIf]);
    return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
  }

  async heartbeat(ids: readonly string[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('network_scans').set({ updated_at: now })
      .where('id', 'in', [...ids]).where('status', 'in', [...ACTIVE_STATUSES]).execute();
  }

  async find(id: string): Promise<Scan | undefined> {
    const row = await this.db.selectFrom('network_scans').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toScan(row);
  }

  async findByJob(jobId: string): Promise<Scan | undefined> {
    const row = await this.db.selectFrom('network_scans').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    return row && toScan(row);
  }

  private filtered(f: ScanFilters) {
    let q = this.db.selectFrom('network_scans');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.scanType) q = q.where('scan_type', '=', f.scanType);
    return q;
  }

  async list(filters: ScanFilters, offset: number, limit: number): Promise<Scan[]> {
    const rows = await this.filtered(filters).selectAll().orderBy('timestamp', 'desc').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(toScan);
  }

  async count(filters: ScanFilters): Promise<number> {
    const row = await this.filtered(filters).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Queued and in-progress scans, oldest request first. */
  async active(): Promise<Scan[]> {
    const rows = await this.db.selectFrom('network_scans').selectAll().where('status', 'in', [...ACTIVE_STATUSES])
      .orderBy('timestamp').orderBy('id').execute();
    return rows.map(toScan);
  }

  /** The newest scan by `timestamp` whose status is one of `statuses`. */
  async latest(statuses: readonly string[], orderBy: 'timestamp' | 'finished_at' = 'timestamp'): Promise<Scan | undefined> {
    const row = await this.db.selectFrom('network_scans').selectAll().where('status', 'in', [...statuses])
      .orderBy(orderBy, 'desc').orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row && toScan(row);
  }

  /** The `timestamp` of the newest completed scan, null when none completed. */
  async lastCompletedAt(): Promise<string | null> {
    const row = await this.db.selectFrom('network_scans').select('timestamp')
      .where('status', '=', 'completed').orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row?.timestamp ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('network_scans').where('id', '=', id).execute();
  }

  async recordDevices(rows: readonly ScanDeviceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 200) {
      await this.db.insertInto('network_scan_devices').values(rows.slice(i, i + 200).map((r) => ({
        scan_id: r.scanId, device_id: r.deviceId, observed: r.observed, observed_ip: r.observedIp, is_new: r.isNew, went_offline: r.wentOffline,
      }))).onConflict((oc) => oc.columns(['scan_id', 'device_id']).doNothing()).execute();
    }
  }

  async scanDevices(scanId: string): Promise<ScanDeviceRow[]> {
    const rows = await this.db.selectFrom('network_scan_devices').selectAll().where('scan_id', '=', scanId).execute();
    return rows.map((r) => ({
      scanId: r.scan_id, deviceId: r.device_id, observed: bool(r.observed), observedIp: r.observed_ip, isNew: bool(r.is_new), wentOffline: bool(r.went_offline),
    }));
  }
}
