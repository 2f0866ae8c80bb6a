import type { Kysely, Selectable } from 'kysely';
import type { DB, MaintenanceWindowsTable } from '../../../db/tables.js';
import { bool, json, nowIso, toJson } from '../../../db/values.js';
import type { MaintenanceValues, StoredWindow } from './maintenance-types.js';

const fromRow = (row: Selectable<MaintenanceWindowsTable>): StoredWindow => ({
  id: row.id, title: row.title, description: row.description, monitors: json<string[]>(row.monitors, []), all_monitors: bool(row.all_monitors),
  starts_at: row.starts_at, ends_at: row.ends_at, recurrence: json<StoredWindow['recurrence']>(row.recurrence, null),
  created_by: row.created_by === null ? null : Number(row.created_by), created_at: row.created_at, updated_at: row.updated_at,
});

const columns = (v: MaintenanceValues) => ({
  title: v.title, description: v.description, monitors: toJson(v.monitors), all_monitors: v.all_monitors,
  starts_at: v.starts_at, ends_at: v.ends_at, recurrence: v.recurrence ? toJson(v.recurrence) : null,
});

/** `maintenance_windows`. */
export class MaintenanceRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async all(): Promise<StoredWindow[]> {
    return (await this.db.selectFrom('maintenance_windows').selectAll().orderBy('created_at').execute()).map(fromRow);
  }

  async insert(id: string, v: MaintenanceValues, createdBy: number | null): Promise<StoredWindow> {
    const now = nowIso();
    await this.db.insertInto('maintenance_windows').values({ id, ...columns(v), created_by: createdBy, created_at: now, updated_at: now }).execute();
    return fromRow(await this.db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }

  async update(id: string, v: MaintenanceValues): Promise<StoredWindow | undefined> {
    await this.db.updateTable('maintenance_windows').set({ ...columns(v), updated_at: nowIso() }).where('id', '=', id).execute();
    const row = await this.db.selectFrom('maintenance_windows').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async delete(id: string): Promise<boolean> {
    return Number((await this.db.deleteFrom('maintenance_windows').where('id', '=', id).executeTakeFirst()).numDeletedRows) > 0;
  }
}
