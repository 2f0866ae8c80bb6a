import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, WebhooksTable } from '../../../db/tables.js';

export type WebhookRow = Selectable<WebhooksTable>;

export class WebhooksRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async find(id: string): Promise<WebhookRow | undefined> {
    return this.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(limit: number, offset: number): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().orderBy('created_at').orderBy('id').limit(limit).offset(offset).execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('webhooks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async enabled(): Promise<WebhookRow[]> {
    return this.db.selectFrom('webhooks').selectAll().where('enabled', '=', true).orderBy('created_at').execute();
  }

  async insert(row: Insertable<WebhooksTable>): Promise<void> {
    await this.db.insertInto('webhooks').values(row).execute();
  }

  async update(id: string, changes: Updateable<WebhooksTable>): Promise<void> {
    await this.db.updateTable('webhooks').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('webhooks').where('id', '=', id).execute();
  }

  async recordDelivery(id: string, status: 'delivered' | 'failed', at: string): Promise<void> {
    await this.db.updateTable('webhooks').set({ last_delivery_at: at, last_status: status }).where('id', '=', id).execute();
  }
}
