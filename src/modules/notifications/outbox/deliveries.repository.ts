import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, DeliveriesTable } from '../../../db/tables.js';

export type DeliveryRow = Selectable<DeliveriesTable>;
export type Channel = 'email' | 'webhook';
export interface DeliveryFilters { status?: string; channel?: string }

const CHUNK = 200;

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
    return q;
  }

  /** Due rows: pending and due, or `sending` whose lock expired (the sender died mid-attempt). */
  private due(now: string) {
    return this.db.selectFrom('deliveries').where((eb) => eb.or([
      eb.and([eb('status', '=', 'pending'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])]),
      eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', now)]),
    ]));
  }

  /** Takes up to `limit` due rows for `instance` until `lockedUntil`. */
  async claim(instance: string, now: string, lockedUntil: string, limit: number): Promise<DeliveryRow[]> {
    const candidates = await this.due(now).select('id').orderBy('next_attempt_at').limit(limit).execute();
    const claimed: DeliveryRow[] = [];
    for (const { id } of candidates) {
      const row = await this.db.updateTable('deliveries')
        .set({ status: 'sending', locked_by: instance, locked_until: lockedUntil, updated_at: now })
        .where('id', '=', id)
        .where((eb) => eb.or([
          eb.and([eb('status', '=', 'pending'), eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)])]),
          eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', now)]),
        ]))
        .returningAll()
        .executeTakeFirst();
      if (row) claimed.push(row);
    }
    return claimed;
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
