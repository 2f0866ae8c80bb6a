import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, NotificationsTable } from '../../db/tables.js';

export type NotificationRow = Selectable<NotificationsTable>;
/** A notification with the viewer's receipt (read state). */
export type VisibleRow = NotificationRow & { read_at: string | null };

/** Whose visibility rules apply (rest.md §6): the user's id and current role. */
export interface Viewer { userId: number; role: string }

export interface ListFilters { unread?: boolean; type?: string; source?: string; since?: string }

const COLUMNS = [
  'n.id', 'n.user_id', 'n.target_role', 'n.is_system', 'n.title', 'n.message', 'n.type', 'n.source',
  'n.created_by', 'n.timestamp', 'n.created_at', 'n.updated_at', 'r.read_at',
] as const;
const CHUNK = 500;

export class NotificationsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Notifications addressed to the viewer (user, role or everyone) that they have not dismissed. */
  private visible(viewer: Viewer, filters: ListFilters = {}) {
    let q = this.db.selectFrom('notifications as n')
      .leftJoin('notification_receipts as r', (join) => join.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', viewer.userId))
      .where((eb) => eb.or([eb('n.user_id', '=', viewer.userId), eb('n.target_role', '=', viewer.role), eb('n.is_system', '=', true)]))
      .where('r.dismissed_at', 'is', null);
    if (filters.unread === true) q = q.where('r.read_at', 'is', null);
    if (filters.unread === false) q = q.where('r.read_at', 'is not', null);
    if (filters.type) q = q.where('n.type', '=', filters.type);
    if (filters.source) q = q.where('n.source', '=', filters.source);
    if (filters.since) q = q.where('n.timestamp', '>=', filters.since);
    return q;
  }

  async insert(row: Insertable<NotificationsTable>): Promise<void> {
    await this.db.insertInto('notifications').values(row).execute();
  }

  async insertMany(rows: Insertable<NotificationsTable>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) await this.db.insertInto('notifications').values(rows.slice(i, i + CHUNK)).execute();
  }

  async findVisible(id: string, viewer: Viewer): Promise<VisibleRow | undefined> {
    return this.visible(viewer).select(COLUMNS).where('n.id', '=', id).executeTakeFirst();
  }

  async list(viewer: Viewer, filters: ListFilters, limit: number, offset: number): Promise<VisibleRow[]> {
    return this.visible(viewer, filters).select(COLUMNS)
      .orderBy('n.timestamp', 'desc').orderBy('n.id', 'desc').limit(limit).offset(offset).execute();
  }

  /** Visible and unread counts in one pass (the unfiltered list asks for both). */
  async counts(viewer: Viewer): Promise<{ count: number; unread: number }> {
    const row = await this.visible(viewer)
      .select((eb) => [
        eb.fn.countAll().as('n'),
        eb.fn.sum<number>(eb.case().when('r.read_at', 'is', null).then(1).else(0).end()).as('unread'),
      ])
      .executeTakeFirst();
    return { count: Number(row?.n ?? 0), unread: Number(row?.unread ?? 0) };
  }

  async count(viewer: Viewer, filters: ListFilters = {}): Promise<number> {
    const row = await this.visible(viewer, filters).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Marks the given (or all) visible unread notifications read; returns how many were newly marked. */
  async markRead(viewer: Viewer, ids: string[] | 'all', now: string): Promise<number> {
    let q = this.visible(viewer, { unread: true }).select('n.id');
    if (ids !== 'all') {
      if (!ids.length) return 0;
      q = q.where('n.id', 'in', ids);
    }
    const unread = (await q.execute()).map((r) => r.id);
    for (let i = 0; i < unread.length; i += CHUNK) {
      const rows = unread.slice(i, i + CHUNK).map((id) => ({ notification_id: id, user_id: viewer.userId, read_at: now, dismissed_at: null }));
      await this.db.insertInto('notification_receipts').values(rows)
        .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doUpdateSet({ read_at: now }))
        .execute();
    }
    return unread.length;
  }

  async markUnread(id: string, userId: number): Promise<void> {
    await this.db.updateTable('notification_receipts').set({ read_at: null })
      .where('notification_id', '=', id).where('user_id', '=', userId).execute();
  }

  /** Hides a role or system notification for one user only. */
  async dismiss(id: string, userId: number, now: string): Promise<void> {
    await this.db.insertInto('notification_receipts')
      .values({ notification_id: id, user_id: userId, read_at: null, dismissed_at: now })
      .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doUpdateSet({ dismissed_at: now }))
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('notifications').where('id', '=', id).execute();
  }
}
