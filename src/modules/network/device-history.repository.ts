import type { Kysely, Selectable } from 'kysely';
import type { DB, NetworkDeviceChangesTable, NetworkDevicePresenceTable } from '../../db/tables.js';

export type PresenceStatus = 'online' | 'offline';

/** A stretch of time a device was seen online, or not seen; `endedAt` null while it lasts. */
export interface PresenceSession { id: number; deviceId: string; status: PresenceStatus; startedAt: string; endedAt: string | null }

export type ChangedField = 'ip' | 'hostname';

/** An IP or hostname a device had before a scan (or a user) gave it another. */
export interface DeviceChange {
  deviceId: string; field: ChangedField; oldValue: string | null; newValue: string | null; source: 'scan' | 'user';
  scanId: string | null; changedAt: string;
}

const toSession = (r: Selectable<NetworkDevicePresenceTable>): PresenceSession => ({
  id: Number(r.id), deviceId: r.device_id, status: r.status as PresenceStatus, startedAt: r.started_at, endedAt: r.ended_at,
});

const toChange = (r: Selectable<NetworkDeviceChangesTable>): DeviceChange => ({
  deviceId: r.device_id, field: r.field as ChangedField, oldValue: r.old_value, newValue: r.new_value,
  source: r.source as DeviceChange['source'], scanId: r.scan_id, changedAt: r.changed_at,
});

const BATCH = 200;

/** `network_device_presence` and `network_device_changes`. Only this class touches them. */
export class DeviceHistoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The open session of each of these devices that has one. */
  async openSessions(deviceIds: readonly string[]): Promise<Map<string, PresenceSession>> {
    const out = new Map<string, PresenceSession>();
    for (let i = 0; i < deviceIds.length; i += BATCH) {
      const rows = await this.db.selectFrom('network_device_presence').selectAll()
        .where('device_id', 'in', deviceIds.slice(i, i + BATCH)).where('ended_at', 'is', null).execute();
      for (const row of rows) out.set(row.device_id, toSession(row));
    }
    return out;
  }

  async close(sessionId: number, endedAt: string): Promise<void> {
    await this.db.updateTable('network_device_presence').set({ ended_at: endedAt }).where('id', '=', sessionId).where('ended_at', 'is', null).execute();
  }

  /** A device that already has an open session keeps it (another scan saved it at the same moment). */
  async open(sessions: ReadonlyArray<Omit<PresenceSession, 'id' | 'endedAt'>>): Promise<void> {
    for (let i = 0; i < sessions.length; i += BATCH) {
      await this.db.insertInto('network_device_presence')
        .values(sessions.slice(i, i + BATCH).map((s) => ({ device_id: s.deviceId, status: s.status, started_at: s.startedAt, ended_at: null })))
        .onConflict((oc) => oc.doNothing()).execute();
    }
  }

  /** Newest first. */
  async sessions(deviceId: string, offset: number, limit: number): Promise<PresenceSession[]> {
    const rows = await this.db.selectFrom('network_device_presence').selectAll().where('device_id', '=', deviceId)
      .orderBy('started_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute();
    return rows.map(toSession);
  }

  async countSessions(deviceId: string): Promise<number> {
    const row = await this.db.selectFrom('network_device_presence').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_id', '=', deviceId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async addChanges(changes: readonly DeviceChange[]): Promise<void> {
    for (let i = 0; i < changes.length; i += BATCH) {
      await this.db.insertInto('network_device_changes').values(changes.slice(i, i + BATCH).map((c) => ({
        device_id: c.deviceId, field: c.field, old_value: c.oldValue, new_value: c.newValue, source: c.source, scan_id: c.scanId,
        changed_at: c.changedAt,
      }))).execute();
    }
  }

  /** Newest first. */
  async changes(deviceId: string, offset: number, limit: number): Promise<DeviceChange[]> {
    const rows = await this.db.selectFrom('network_device_changes').selectAll().where('device_id', '=', deviceId)
      .orderBy('changed_at', 'desc').orderBy('id', 'desc').offset(offset).limit(limit).execute();
    return rows.map(toChange);
  }

  async countChanges(deviceId: string): Promise<number> {
    const row = await this.db.selectFrom('network_device_changes').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_id', '=', deviceId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
