import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { bool } from '../../db/values.js';

export interface Preferences { email: { enabled: boolean; min_type: 'info' | 'warning' | 'error' } }

export const DEFAULT_PREFERENCES: Preferences = { email: { enabled: false, min_type: 'warning' } };

/** notification_preferences: no row means the defaults (models.md §5.3). */
export class PreferencesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(userId: number): Promise<Preferences> {
    const row = await this.db.selectFrom('notification_preferences').selectAll().where('user_id', '=', userId).executeTakeFirst();
    if (!row) return structuredClone(DEFAULT_PREFERENCES);
    return { email: { enabled: bool(row.email_enabled), min_type: row.email_min_type as Preferences['email']['min_type'] } };
  }

  /** Users whose email preference is on (only `userId`, when given), with their minimum type. */
  async emailOptIns(userId?: number): Promise<Map<number, string>> {
    let q = this.db.selectFrom('notification_preferences').select(['user_id', 'email_min_type']).where('email_enabled', '=', true);
    if (userId !== undefined) q = q.where('user_id', '=', userId);
    const rows = await q.execute();
    return new Map(rows.map((r) => [Number(r.user_id), r.email_min_type]));
  }

  async save(userId: number, prefs: Preferences, now: string): Promise<void> {
    const values = { email_enabled: prefs.email.enabled, email_min_type: prefs.email.min_type, updated_at: now };
    await this.db.insertInto('notification_preferences').values({ user_id: userId, ...values })
      .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
      .execute();
  }
}
