import type { Kysely, Selectable } from 'kysely';
import type { DB, LoginAttemptsTable } from '../db/tables.js';

export type LoginOutcome = 'success' | 'invalid_credentials' | 'inactive' | 'locked_out' | 'invalid_request';
export type LoginAttemptRow = Selectable<LoginAttemptsTable>;
const FAILURES: LoginOutcome[] = ['invalid_credentials', 'inactive', 'invalid_request'];

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

  /** Failure times (oldest first) for the key since `since`, after the key's last success. */
  async recentFailures(usernameNormalized: string, ip: string | null, since: string): Promise<string[]> {
    const keyed = this.db.selectFrom('login_attempts')
      .where('username_normalized', '=', usernameNormalized)
      .where((eb) => (ip === null ? eb('ip_address', 'is', null) : eb('ip_address', '=', ip)));
    const lastSuccess = await keyed.select((eb) => eb.fn.max('timestamp').as('t')).where('outcome', '=', 'success').executeTakeFirst();
    const from = lastSuccess?.t && lastSuccess.t > since ? lastSuccess.t : since;
    const rows = await keyed.select('timestamp').where('outcome', 'in', FAILURES).where('timestamp', '>', from)
      .orderBy('timestamp').execute();
    return rows.map((r) => r.timestamp);
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

  async prune(before: string): Promise<void> {
    await this.db.deleteFrom('login_attempts').where('timestamp', '<', before).execute();
  }
}
