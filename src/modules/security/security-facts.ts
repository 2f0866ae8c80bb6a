import type { AccountActivity } from '../../auth/accounts/users.repository.js';
import type { AdminAccount } from '../../system/security/index.js';

/** The facts the `failed_logins` and `weak_accounts` checks read (security.md §1). */
export interface SecurityFacts {
  /** Unsuccessful login attempts (any failing outcome) since `since`. */
  failedLoginsSince(since: string): Promise<number>;
  /** Username + address keys locked out right now (rest.md §3.8). */
  activeLockouts(windowStart: string, maxAttempts: number): Promise<number>;
  /** Active users whose role is owner or admin. */
  adminAccounts(): Promise<AdminAccount[]>;
}

/** What the security module reads of the account store (auth/accounts: its users and login attempts). */
export interface SecurityAccounts {
  users: { activeWithRoles(roleNames: readonly string[]): Promise<AccountActivity[]> };
  loginAttempts: {
    failedSince(since: string): Promise<number>;
    activeLockouts(windowStart: string, maxAttempts: number): Promise<number>;
  };
}

const PRIVILEGED_ROLES = ['owner', 'admin'];

/** The checks' facts, read from the account store. */
export function securityFactsOf(accounts: SecurityAccounts): SecurityFacts {
  return {
    failedLoginsSince: (since) => accounts.loginAttempts.failedSince(since),
    activeLockouts: (windowStart, maxAttempts) => accounts.loginAttempts.activeLockouts(windowStart, maxAttempts),
    async adminAccounts() {
      const rows = await accounts.users.activeWithRoles(PRIVILEGED_ROLES);
      return rows.map((r) => ({
        username: r.username,
        role: r.role_name,
        lastLogin: r.last_login ? new Date(r.last_login) : null,
        dateJoined: new Date(r.date_joined),
      }));
    },
  };
}
