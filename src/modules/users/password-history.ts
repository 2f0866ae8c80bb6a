import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { verifyPassword } from '../../auth/passwords.js';

/** The 4 previous hashes per user; with the current one they are the "last 5 passwords" (models.md §2.3). */
export class PasswordHistory {
  constructor(private readonly db: Kysely<DB>) {}

  async reused(userId: number, currentHash: string, candidate: string): Promise<boolean> {
    if (await verifyPassword(candidate, currentHash)) return true;
    const rows = await this.db.selectFrom('password_history').select('password_hash').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(4).execute();
    for (const row of rows) if (await verifyPassword(candidate, row.password_hash)) return true;
    return false;
  }

  async remember(userId: number, formerHash: string, now: string): Promise<void> {
    await this.db.insertInto('password_history').values({ user_id: userId, password_hash: formerHash, created_at: now }).execute();
    const keep = await this.db.selectFrom('password_history').select('id').where('user_id', '=', userId)
      .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(4).execute();
    await this.db.deleteFrom('password_history').where('user_id', '=', userId)
      .where('id', 'not in', keep.map((r) => r.id)).execute();
  }
}
