import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DB, NetworkScanSchedulesTable } from '../../db/tables.js';
import { bool } from '../../db/values.js';

/** A scan schedule (docs/inventory.md): what to scan, and when. */
export interface Schedule {
  id: string;
  name: string;
  ipRange: string;
  scanType: string;
  everyMinutes: number | null;
  rrule: string | null;
  timezone: string;
  enabled: boolean;
  lastRunAt: string | null;
  nextRunAt: string | null;
  lastScanId: string | null;
  /** Why the last due run started no scan (a refused range, a full queue…), null after a run that started one. */
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export type ScheduleChanges = Partial<Omit<Schedule, 'id' | 'createdAt'>>;

const COLUMNS: Record<keyof ScheduleChanges, keyof NetworkScanSchedulesTable> = {
  name: 'name', ipRange: 'ip_range', scanType: 'scan_type', everyMinutes: 'every_minutes', rrule: 'rrule', timezone: 'timezone',
  enabled: 'enabled', lastRunAt: 'last_run_at', nextRunAt: 'next_run_at', lastScanId: 'last_scan_id', lastError: 'last_error',
  updatedAt: 'updated_at',
};

const toSchedule = (r: Selectable<NetworkScanSchedulesTable>): Schedule => ({
  id: r.id, name: r.name, ipRange: r.ip_range, scanType: r.scan_type, everyMinutes: r.every_minutes === null ? null : Number(r.every_minutes),
  rrule: r.rrule, timezone: r.timezone, enabled: bool(r.enabled), lastRunAt: r.last_run_at, nextRunAt: r.next_run_at,
  lastScanId: r.last_scan_id, lastError: r.last_error, createdAt: r.created_at, updatedAt: r.updated_at,
});

function toColumns(changes: ScheduleChanges): Updateable<NetworkScanSchedulesTable> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const column = COLUMNS[key as keyof ScheduleChanges];
    if (value !== undefined && column) out[column] = value;
  }
  if (changes.name !== undefined) out.name_normalized = changes.name.toLowerCase();
  return out as Updateable<NetworkScanSchedulesTable>;
}

/** `network_scan_schedules`. Only this class touches the table. */
export class SchedulesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(offset: number, limit: number): Promise<Schedule[]> {
    const rows = await this.db.selectFrom('network_scan_schedules').selectAll().orderBy('name_normalized').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(toSchedule);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('network_scan_schedules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async find(id: string): Promise<Schedule | undefined> {
    const row = await this.db.selectFrom('network_scan_schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toSchedule(row);
  }

  async findByName(name: string): Promise<Schedule | undefined> {
    const row = await this.db.selectFrom('network_scan_schedules').selectAll().where('name_normalized', '=', name.toLowerCase()).executeTakeFirst();
    return row && toSchedule(row);
  }

  /** Enabled schedules whose next run is at or before `now`, the longest overdue first. */
  async due(now: string): Promise<Schedule[]> {
    const rows = await this.db.selectFrom('network_scan_schedules').selectAll()
      .where('enabled', '=', true).where('next_run_at', 'is not', null).where('next_run_at', '<=', now)
      .orderBy('next_run_at').orderBy('id').execute();
    return rows.map(toSchedule);
  }

  async insert(s: Schedule): Promise<Schedule> {
    await this.db.insertInto('network_scan_schedules').values({ id: s.id, created_at: s.createdAt, ...toColumns(s) } as NetworkScanSchedulesTable).execute();
    return (await this.find(s.id))!;
  }

  async update(id: string, changes: ScheduleChanges): Promise<Schedule | undefined> {
    const columns = toColumns(changes);
    if (Object.keys(columns).length > 0) await this.db.updateTable('network_scan_schedules').set(columns).where('id', '=', id).execute();
    return this.find(id);
  }

  /**
   * Moves a due schedule on to its next run, only while its `next_run_at` is still `due`: of two instances that
   * found it due, one runs it.
   */
  async claimRun(id: string, due: string, changes: ScheduleChanges): Promise<boolean> {
    const result = await this.db.updateTable('network_scan_schedules').set(toColumns(changes))
      .where('id', '=', id).where('next_run_at', '=', due).where('enabled', '=', true).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('network_scan_schedules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
