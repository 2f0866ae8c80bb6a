import type { ExpressionBuilder, Insertable, Kysely, Selectable } from 'kysely';
import type { DB, DeliveriesTable } from '../../../db/tables.js';

export type DeliveryRow = Selectable<DeliveriesTable>;
export type Channel = 'email' | 'webhook';
export interface DeliveryFilters { status?: string; channel?: string; channel_id?: string }

const CHUNK = 200;

/** Due at `now`: pending and due, or `sending` whose lock expired (the sender died mid-attempt). */
const dueAt = (now: string) => (eb: ExpressionBuilder<DB, 'deliveries'>) => eb.or([
  eb.and([eb('status', '=', 'pending'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])]),
  eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', now)]),
]);

/** The durable outbox (models.md §5.6). Claims are row-by-row conditional updates, so instances never share a row. */
export class DeliveriesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insertMany(rows: Insertable<DeliveriesTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await this.db.insertInto('deliveries').values(rows.slice(i, i + CHUNK)).execute();
  }

  async find(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(filters: DeliveryFilters, limit: number, offset: number): Promise<DeliveryRow[]> {
    return this.filtered(filters).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  }

  async count(filters: DeliveryFilters): Promise<number> {
    const row = await this.filtered(filters).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  private filtered(filters: DeliveryFilters) {
    let q = this.db.selectFrom('deliveries');
    if (filters.status) q = q.where('status', '=', filters.status);
    if (filters.channel) q = q.where('channel', '=', filters.channel);
    if (filters.channel_id) q = q.where('channel_id', '=', filters.channel_id);
    return q;
  }

  /** Due rows: pending and due, or `sending` whose lock expired (the sender died mid-attempt). */
  private due(now: string) {
    return this.db.selectFrom('deliveries').where(dueAt(now));
  }

  /** Takes up to `limit` due rows for `instance` until `lockedUntil`. */
  async claim(instance: string, now: string, lockedUntil: string, limit: number): Promise<DeliveryRow[]> {
    const candidates = await this.due(now).where('channel_id', 'is', null).select('id').orderBy('next_attempt_at').limit(limit).execute();
    const claimed: DeliveryRow[] = [];
    for (const { id } of candidates) {
      const row = await this.db.updateTable('deliveries')
        .set({ status: 'sending', locked_by: instance, locked_until: lockedUntil, updated_at: now })
        .where('id', '=', id)
        .where(dueAt(now))
        .returningAll()
        .executeTakeFirst();
      if (row) claimed.push(row);
    }
    return claimed;
  }

  /** Whether `channel` got a delivery with this dedup key since `since` (monitoring.md §5.3). */
  async hasRecent(channelId: string, dedupKey: string, since: string): Promise<boolean> {
    const row = await this.db.selectFrom('deliveries').select('id')
      .where('channel_id', '=', channelId).where('dedup_key', '=', dedupKey).where('created_at', '>=', since)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The next rows of every channel with work, claimed for `instance`: per channel, the due rows at the head of its
   * queue (oldest unfinished first, up to `perLane`), so one channel's deliveries leave in order and never two at
   * once. A lane whose head another instance holds, or whose head is not due, is skipped.
   */
  async claimLanes(instance: string, now: string, lockedUntil: string, perLane: number): Promise<DeliveryRow[][]> {
    const channels = await this.db.selectFrom('deliveries').select('channel_id').distinct()
      .where('channel_id', 'is not', null).where('status', 'in', ['pending', 'sending']).execute();
    const lanes: DeliveryRow[][] = [];
    for (const { channel_id } of channels) {
      const head = await this.db.selectFrom('deliveries').selectAll()
        .where('channel_id', '=', channel_id).where('status', 'in', ['pending', 'sending'])
        .orderBy('seq').orderBy('id').limit(perLane).execute();
      const dueIds: string[] = [];
      for (const row of head) {
        const due = row.status === 'pending' ? row.next_attempt_at === null || row.next_attempt_at <= now : row.locked_until !== null && row.locked_until < now;
        if (!due) break;
        dueIds.push(row.id);
      }
      if (dueIds.length === 0) continue;
      const claimed = await this.db.updateTable('deliveries')
        .set({ status: 'sending', locked_by: instance, locked_until: lockedUntil, updated_at: now })
        .where('id', 'in', dueIds)
        .where(dueAt(now))
        .returningAll()
        .execute();
      // Keep the unbroken run from the head; anything after a row someone else took goes back.
      const byId = new Map(claimed.map((r) => [r.id, r]));
      const run: DeliveryRow[] = [];
      for (const id of dueIds) {
        const row = byId.get(id);
        if (!row) break;
        run.push(row);
      }
      const rest = claimed.filter((r) => !run.includes(r));
      if (rest.length) await this.release(rest.map((r) => r.id), instance, now);
      if (run.length) lanes.push(run);
    }
    return lanes;
  }

  /** Claimed rows back to `pending` untouched (no attempt counted). */
  async release(ids: string[], instance: string, now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('deliveries').set({ status: 'pending', locked_by: null, locked_until: null, updated_at: now })
      .where('id', 'in', ids).where('status', '=', 'sending').where('locked_by', '=', instance).execute();
  }

  /** Records the outcome of an attempt, only while `instance` still holds the row. */
  async finish(
    id: string,
    instance: string,
    outcome: { status: 'delivered' | 'pending' | 'failed'; attempts: number; nextAttemptAt: string | null; lastError: string | null },
    now: string,
  ): Promise<boolean> {
    const result = await this.db.updateTable('deliveries')
      .set({
        status: outcome.status, attempts: outcome.attempts, next_attempt_at: outcome.nextAttemptAt, last_error: outcome.lastError,
        delivered_at: outcome.status === 'delivered' ? now : null, locked_by: null, locked_until: null, updated_at: now,
      })
      .where('id', '=', id).where('status', '=', 'sending').where('locked_by', '=', instance)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** failed → pending, due now; returns false when the row is not failed. */
  async requeueFailed(id: string, now: string): Promise<boolean> {
    const result = await this.db.updateTable('deliveries')
      .set({ status: 'pending', next_attempt_at: now, locked_by: null, locked_until: null, updated_at: now })
      .where('id', '=', id).where('status', '=', 'failed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Retention (models.md §5.6): delivered rows after 30 days, failed rows after 90. */
  async purge(deliveredBefore: string, failedBefore: string): Promise<number> {
    const a = await this.db.deleteFrom('deliveries').where('status', '=', 'delivered').where('delivered_at', '<', deliveredBefore).executeTakeFirst();
    const b = await this.db.deleteFrom('deliveries').where('status', '=', 'failed').where('updated_at', '<', failedBefore).executeTakeFirst();
    return Number(a.numDeletedRows) + Number(b.numDeletedRows);
  }
}
