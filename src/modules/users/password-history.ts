import type { PasswordHistoryRepository } from '../../auth/accounts/password-history.repository.js';
import { verifyPassword } from '../../auth/passwords.js';

/** How many former hashes are kept; with the current one they are the "last 5 passwords" (models.md §2.3). */
const KEPT = 4;

/** The 4 previous hashes per user, read and written through the account store. */
export class PasswordHistory {
  constructor(private readonly rows: Pick<PasswordHistoryRepository, 'recent' | 'remember'>) {}

  async reused(userId: number, currentHash: string, candidate: string): Promise<boolean> {
    if (await verifyPassword(candidate, currentHash)) return true;
    for (const hash of await this.rows.recent(userId, KEPT)) if (await verifyPassword(candidate, hash)) return true;
    return false;
  }

  async remember(userId: number, formerHash: string, now: string): Promise<void> {
    await this.rows.remember(userId, formerHash, now, KEPT);
  }
}
