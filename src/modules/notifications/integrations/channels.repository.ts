import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { ChannelsTable, DB } from '../../../db/tables.js';

export type ChannelRow = Selectable<ChannelsTable>;

export class ChannelsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async find(id: string): Promise<ChannelRow | undefined> {
    return this.db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async findMany(ids: readonly string[]): Promise<ChannelRow[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('channels').selectAll().where('id', 'in', [...ids]).execute();
  }

  async list(limit: number, offset: number): Promise<ChannelRow[]> {
    return this.db.selectFrom('channels').selectAll().orderBy('name_normalized').orderBy('id').limit(limit).offset(offset).execute();
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('channels').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async enabled(): Promise<ChannelRow[]> {
    return this.db.selectFrom('channels').selectAll().where('enabled', '=', true).orderBy('name_normalized').execute();
  }

  async nameTaken(normalized: string, exceptId: string | null): Promise<boolean> {
    let q = this.db.selectFrom('channels').select('id').where('name_normalized', '=', normalized);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(row: Insertable<ChannelsTable>): Promise<void> {
    await this.db.insertInto('channels').values(row).execute();
  }

  async update(id: string, changes: Updateable<ChannelsTable>): Promise<void> {
    await this.db.updateTable('channels').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('channels').where('id', '=', id).execute();
  }

  async recordDelivery(id: string, status: 'delivered' | 'failed', at: string): Promise<void> {
    await this.db.updateTable('channels').set({ last_delivery_at: at, last_status: status }).where('id', '=', id).execute();
  }
}
