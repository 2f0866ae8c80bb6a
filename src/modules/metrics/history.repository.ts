import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, SystemMetricsTable } from '../../db/tables.js';

export type SampleRow = Selectable<SystemMetricsTable>;
export type NewSample = Insertable<SystemMetricsTable>;
export type Resolution = 'minute' | 'hour' | 'day';

export interface SampleFilters { host?: string; since?: string; until?: string; resolution?: Resolution }

/** `system_metrics` (models.md §4.1). Timestamps are ISO `…Z` text on both engines, so ranges compare as text. */
export class HistoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** False when the bucket already has a sample (another instance of the host stored it). */
  async insert(row: NewSample): Promise<boolean> {
    const result = await this.db.insertInto('system_metrics').values(row)
      .onConflict((oc) => oc.columns(['host', 'resolution', 'timestamp']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Overwrites the values of a stored minute sample (an agent's minute completed by later samples). */
  async replaceMinute(id: number, row: NewSample): Promise<void> {
    const { host: _host, resolution: _resolution, timestamp: _timestamp, created_at: _created, ...values } = row;
    await this.db.updateTable('system_metrics').set(values).where('id', '=', id).execute();
  }

  /** Every sample of a host (a deleted agent's). */
  async deleteHost(host: string): Promise<number> {
    const result = await this.db.deleteFrom('system_metrics').where('host', '=', host).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Samples of one tier with `from` ≤ timestamp < `to` (or ≤ `to` when `inclusive`), oldest first. */
  range(host: string, resolution: Resolution, from: string, to: string, inclusive = false): Promise<SampleRow[]> {
    return this.db.selectFrom('system_metrics').selectAll()
      .where('host', '=', host).where('resolution', '=', resolution)
      .where('timestamp', '>=', from).where('timestamp', inclusive ? '<=' : '<', to)
      .orderBy('timestamp').execute();
  }

  async latest(host: string, resolution: Resolution): Promise<string | undefined> {
    const row = await this.db.selectFrom('system_metrics').select('timestamp')
      .where('host', '=', host).where('resolution', '=', resolution)
      .orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row?.timestamp;
  }

  async earliest(host: string, resolution?: Resolution): Promise<string | undefined> {
    let q = this.db.selectFrom('system_metrics').select('timestamp').where('host', '=', host);
    if (resolution) q = q.where('resolution', '=', resolution);
    const row = await q.orderBy('timestamp').limit(1).executeTakeFirst();
    return row?.timestamp;
  }

  async deleteBefore(host: string, resolution: Resolution, before: string): Promise<number> {
    const result = await this.db.deleteFrom('system_metrics')
      .where('host', '=', host).where('resolution', '=', resolution).where('timestamp', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Sum of `sample_count` of one tier since `since` (inclusive). */
  async sampleCount(host: string, resolution: Resolution, since: string): Promise<number> {
    const row = await this.db.selectFrom('system_metrics')
      .select((eb) => eb.fn.sum<number | string | null>('sample_count').as('n'))
      .where('host', '=', host).where('resolution', '=', resolution).where('timestamp', '>=', since)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async hosts(): Promise<Array<{ host: string; first: string; last: string }>> {
    const rows = await this.db.selectFrom('system_metrics')
      .select((eb) => ['host', eb.fn.min('timestamp').as('first'), eb.fn.max('timestamp').as('last')])
      .groupBy('host').orderBy('host').execute();
    return rows.map((r) => ({ host: r.host, first: String(r.first), last: String(r.last) }));
  }

  private filtered(filters: SampleFilters) {
    let q = this.db.selectFrom('system_metrics');
    if (filters.resolution) q = q.where('resolution', '=', filters.resolution);
    if (filters.host) q = q.where('host', '=', filters.host);
    if (filters.since) q = q.where('timestamp', '>=', filters.since);
    if (filters.until) q = q.where('timestamp', '<=', filters.until);
    return q;
  }

  list(filters: SampleFilters, offset: number, limit: number): Promise<SampleRow[]> {
    return this.filtered(filters).selectAll().orderBy('timestamp', 'desc').orderBy('id', 'desc')
      .offset(offset).limit(limit).execute();
  }

  async count(filters: SampleFilters): Promise<number> {
    const row = await this.filtered(filters).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  findById(id: number): Promise<SampleRow | undefined> {
    return this.db.selectFrom('system_metrics').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
