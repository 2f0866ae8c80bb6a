import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';

/** `password_history`: the previous password hashes of each user, newest first (models.md §2.3). */
export class PasswordHistoryRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The `limit` newest former hashes of the user. */
  async recent(userId: number, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => r.password_hash);
  }

  /** Stores a former hash and keeps only the user's `keep` newest. */
  async remember(userId: number, formerHash: string, now: string, keep: number): Promise<void> {
    await this.db.insertInto('password_history').values({ user_id: userId, password_hash: formerHash, created_at: now }).execute();
    const kept = await this.db.selectFrom('password_history').select('id').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(keep).execute();
    await this.db.deleteFrom('password_history').where('user_id', '=', userId)
      .where('id', 'not in', kept.map((r) => r.id)).execute();
  }
}
