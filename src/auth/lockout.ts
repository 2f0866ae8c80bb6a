import type { Config } from '../config/config.js';
import { nowIso } from '../db/values.js';
import type { LockoutAttempt, LoginAttemptsRepository } from './accounts/login-attempts.repository.js';

/**
 * Who a login attempt counts against (rest.md §3.8, with the client IP): an account, whichever of its names
 * (username or email) was typed, so both share one budget of MAX_LOGIN_ATTEMPTS; an identifier that names no
 * account counts for itself, as typed (lowercase).
 */
export interface LockoutKey { userId: number | null; identifiers: string[] }

export interface LockableAccount { id: number; username: string; email: string }

export const accountKey = (account: LockableAccount): LockoutKey =>
  ({ userId: account.id, identifiers: [...new Set([account.username.toLowerCase(), account.email.toLowerCase()])] });
export const typedKey = (typed: string): LockoutKey => ({ userId: null, identifiers: [typed.toLowerCase()] });

/**
 * When one key's lock from one address ends (epoch ms), or null: locked iff at least `max` failures are newer
 * than the window start, the key's last success and its last unlock; the lock ends `windowMs` after the
 * (n − max + 1)-th oldest of them.
 */
function lockEnd(attempts: LockoutAttempt[], from: number, max: number, windowMs: number): number | null {
  let start = from;
  for (const a of attempts) if (!a.failed && a.at > start) start = a.at;
  const failures = attempts.filter((a) => a.failed && a.at > start);
  return failures.length < max ? null : failures[failures.length - max].at + windowMs;
}

export class LoginLockout {
  constructor(private readonly config: Config, private readonly attempts: LoginAttemptsRepository) {}

  private get windowMs() {
    return this.config.lockoutMinutes * 60_000;
  }

  /** Seconds until `key` may log in again from `ip`, 0 when not locked. */
  async remaining(key: LockoutKey, ip: string | null): Promise<number> {
    const max = this.config.maxLoginAttempts;
    if (max === 0) return 0;
    const now = Date.now();
    const windowStart = now - this.windowMs;
    const cleared = key.userId === null ? undefined : (await this.attempts.clearedAt([key.userId])).get(key.userId);
    const rows = await this.attempts.since(key.identifiers, ip, new Date(windowStart).toISOString());
    const end = lockEnd(rows, Math.max(windowStart, cleared ?? 0), max, this.windowMs);
    return end === null ? 0 : Math.max(0, Math.ceil((end - now) / 1000));
  }

  /** For each account: until when it is locked from at least one address (the latest such end), else absent. */
  async lockedUntil(accounts: LockableAccount[]): Promise<Map<number, Date>> {
    const max = this.config.maxLoginAttempts;
    const out = new Map<number, Date>();
    if (max === 0 || !accounts.length) return out;
    const now = Date.now();
    const windowStart = now - this.windowMs;
    const keys = accounts.map((a) => ({ id: a.id, key: accountKey(a) }));
    const [cleared, rows] = await Promise.all([
      this.attempts.clearedAt(accounts.map((a) => a.id)),
      this.attempts.since([...new Set(keys.flatMap((k) => k.key.identifiers))], undefined, new Date(windowStart).toISOString()),
    ]);
    for (const { id, key } of keys) {
      const byIp = new Map<string | null, LockoutAttempt[]>();
      for (const row of rows) if (key.identifiers.includes(row.identifier)) byIp.set(row.ip, [...(byIp.get(row.ip) ?? []), row]);
      const from = Math.max(windowStart, cleared.get(id) ?? 0);
      const ends = [...byIp.values()].map((list) => lockEnd(list, from, max, this.windowMs)).filter((e): e is number => e !== null && e > now);
      if (ends.length) out.set(id, new Date(Math.max(...ends)));
    }
    return out;
  }

  /** Lifts the account's lock from every address; its failed attempts stay in the log. */
  async unlock(userId: number): Promise<void> {
    await this.attempts.clear(userId, nowIso());
  }
}
