import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { AdminAccount } from '../../system/security/index.js';

/** Outcomes that count towards a lockout (rest.md §3.8); `locked_out` attempts do not extend a lock. */
const LOCKOUT_FAILURES = ['invalid_credentials', 'inactive', 'invalid_request'];
const PRIVILEGED_ROLES = ['owner', 'admin'];

/** The database facts the `failed_logins` and `weak_accounts` checks read (security.md §1). */
export class SecurityFactsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Unsuccessful login attempts (any failing outcome) since `since`. */
  async failedLoginsSince(since: string): Promise<number> {
    const row = await this.db.selectFrom('login_attempts').select((eb) => eb.fn.countAll().as('n'))
      .where('was_successful', '=', false).where('timestamp', '>=', since).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /**
   * Username + address keys locked out right now, by the rule of rest.md §3.8: at least `maxAttempts`
   * failures within the window and after the key's last success. Every failure counted lies inside the
   * window, so a key with enough of them is still locked.
   */
  async activeLockouts(windowStart: string, maxAttempts: number): Promise<number> {
    if (maxAttempts <= 0) return 0;
    const rows = await this.db.selectFrom('login_attempts')
      .select(['username_normalized', 'ip_address', 'outcome'])
      .where('timestamp', '>', windowStart)
      .where('outcome', 'in', [...LOCKOUT_FAILURES, 'success'])
      .orderBy('timestamp').orderBy('id').execute();
    const failures = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.username_normalized}\u0000${row.ip_address ?? ''}`;
      failures.set(key, row.outcome === 'success' ? 0 : (failures.get(key) ?? 0) + 1);
    }
    return [...failures.values()].filter((n) => n >= maxAttempts).length;
  }

  /** Active users whose role is owner or admin. */
  async adminAccounts(): Promise<AdminAccount[]> {
    const rows = await this.db.selectFrom('users')
      .select(['username', 'role_name', 'last_login', 'date_joined'])
      .where('is_active', '=', true).where('role_name', 'in', PRIVILEGED_ROLES)
      .orderBy('id').execute();
    return rows.map((r) => ({
      username: r.username,
      role: r.role_name,
      lastLogin: r.last_login ? new Date(r.last_login) : null,
      dateJoined: new Date(r.date_joined),
    }));
  }
}
