import type { Kysely, Selectable } from 'kysely';
import type { DB, LoginAttemptsTable } from '../../db/tables.js';

export type LoginOutcome = 'success' | 'invalid_credentials' | 'inactive' | 'locked_out' | 'invalid_request';
export type LoginAttemptRow = Selectable<LoginAttemptsTable>;
const FAILURES: LoginOutcome[] = ['invalid_credentials', 'inactive', 'invalid_request'];

export interface LockoutAttempt { identifier: string; ip: string | null; at: number; failed: boolean }

export interface AttemptFilters { username?: string; ipAddress?: string; wasSuccessful?: boolean; since?: string }

export class LoginAttemptsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async record(a: { username: string; ip: string | null; userAgent: string | null; outcome: LoginOutcome; at: string }): Promise<void> {
    await this.db.insertInto('login_attempts').values({
      username: a.username.slice(0, 255),
      username_normalized: a.username.toLowerCase().slice(0, 255),
      ip_address: a.ip?.slice(0, 45) ?? null,
      user_agent: a.userAgent?.slice(0, 512) ?? null,
      timestamp: a.at,
      was_successful: a.outcome === 'success',
      outcome: a.outcome,
    }).execute();
  }

  /**
   * Failures and successes of any of `identifiers` (normalized) after `since`, oldest first; from one address, or
   * from all when `ip` is undefined. What the lockout of rest.md §3.8 is computed from.
   */
  async since(identifiers: string[], ip: string | null | undefined, since: string): Promise<LockoutAttempt[]> {
    if (!identifiers.length) return [];
    let q = this.db.selectFrom('login_attempts').select(['username_normalized', 'ip_address', 'timestamp', 'outcome'])
      .where('username_normalized', 'in', identifiers).where('outcome', 'in', [...FAILURES, 'success']).where('timestamp', '>', since);
    if (ip !== undefined) q = q.where((eb) => (ip === null ? eb('ip_address', 'is', null) : eb('ip_address', '=', ip)));
    const rows = await q.orderBy('timestamp').orderBy('id').execute();
    return rows.map((r) => ({ identifier: r.username_normalized, ip: r.ip_address, at: Date.parse(r.timestamp), failed: r.outcome !== 'success' }));
  }

  /** When each of the accounts was last unlocked by an administrator (epoch ms), for those that ever were. */
  async clearedAt(userIds: number[]): Promise<Map<number, number>> {
    if (!userIds.length) return new Map();
    const rows = await this.db.selectFrom('login_lockout_resets').selectAll().where('user_id', 'in', userIds).execute();
    return new Map(rows.map((r) => [Number(r.user_id), Date.parse(r.cleared_at)]));
  }

  async clear(userId: number, at: string): Promise<void> {
    await this.db.insertInto('login_lockout_resets').values({ user_id: userId, cleared_at: at })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ cleared_at: at })).execute();
  }

  async list(filters: AttemptFilters, limit: number, offset: number): Promise<{ count: number; rows: LoginAttemptRow[] }> {
    let q = this.db.selectFrom('login_attempts');
    if (filters.username) q = q.where('username_normalized', '=', filters.username.toLowerCase());
    if (filters.ipAddress) q = q.where('ip_address', '=', filters.ipAddress);
    if (filters.wasSuccessful !== undefined) q = q.where('was_successful', '=', filters.wasSuccessful);
    if (filters.since) q = q.where('timestamp', '>=', filters.since);
    const count = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const rows = await q.selectAll().orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    return { count: Number(count?.n ?? 0), rows };
  }

  /** Unsuccessful login attempts (any failing outcome) since `since`. */
  async failedSince(since: string): Promise<number> {
    const row = await this.db.selectFrom('login_attempts').select((eb) => eb.fn.countAll().as('n'))
      .where('was_successful', '=', false).where('timestamp', '>=', since).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Username + address keys locked out right now, by the rule of rest.md §3.8: at least `maxAttempts`
   * failures within the window and after the key's last success. Every failure counted lies inside the
   * window, so a key with enough of them is still locked. `locked_out` attempts do not extend a lock.
   */
  async activeLockouts(windowStart: string, maxAttempts: number): Promise<number> {
    if (maxAttempts <= 0) return 0;
    const rows = await this.db.selectFrom('login_attempts')
      .select(['username_normalized', 'ip_address', 'outcome'])
      .where('timestamp', '>', windowStart)
      .where('outcome', 'in', [...FAILURES, 'success'])
      .orderBy('timestamp').orderBy('id').execute();
    const failures = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.username_normalized}\u0000${row.ip_address ?? ''}`;
      failures.set(key, row.outcome === 'success' ? 0 : (failures.get(key) ?? 0) + 1);
    }
    return [...failures.values()].filter((n) => n >= maxAttempts).length;
  }

  /** Times of the refused (`locked_out`) attempts since `sinceIso`, newest first, at most `limit`. */
  async lockoutTimesSince(sinceIso: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('login_attempts').select('timestamp')
      .where('outcome', '=', 'locked_out').where('timestamp', '>=', sinceIso)
      .orderBy('timestamp', 'desc').limit(limit).execute();
    return rows.map((r) => r.timestamp);
  }

  async prune(before: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('timestamp', '<', before).execute();
  }
}
