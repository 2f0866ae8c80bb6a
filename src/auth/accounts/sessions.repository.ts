import type { Kysely, Selectable } from 'kysely';
import type { DB, SessionsTable } from '../../db/tables.js';

export type SessionRow = Selectable<SessionsTable>;
export type RevokeReason = 'logout' | 'logout_all' | 'password_changed' | 'session_revoked' | 'user_deactivated';

export class SessionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async create(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  async find(id: string): Promise<SessionRow | undefined> {
    return this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Active sessions of a user, newest first. */
  async listActive(userId: number, now: string): Promise<SessionRow[]> {
    return this.db.selectFrom('sessions').selectAll()
      .where('user_id', '=', userId).where('revoked_at', 'is', null).where('expires_at', '>', now)
      .orderBy('created_at', 'desc').execute();
  }

  async touch(id: string, now: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_used_at: now }).where('id', '=', id).execute();
  }

  async revoke(id: string, reason: RevokeReason, now: string): Promise<boolean> {
    const result = await this.db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason })
      .where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Revokes every active session of a user except `keepId`; returns the revoked ids. */
  async revokeAllOf(userId: number, reason: RevokeReason, now: string, keepId?: string): Promise<string[]> {
    let q = this.db.selectFrom('sessions').select('id').where('user_id', '=', userId).where('revoked_at', 'is', null);
    if (keepId) q = q.where('id', '<>', keepId);
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length) {
      await this.db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('id', 'in', ids).execute();
    }
    return ids;
  }

  /** Removes sessions 7 days after they expired or were revoked (config.md §13). */
  async prune(before: string): Promise<number> {
    const result = await this.db.deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)])).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
