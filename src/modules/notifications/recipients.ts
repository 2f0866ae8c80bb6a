import type { PermissionFlag } from '../../auth/permissions.js';
import type { Target } from './notification-types.js';
import type { PreferencesRepository } from './preferences.repository.js';

export interface EmailRecipient { userId: number; email: string; minType: string }

/** What recipients need of the accounts (the account store's users repository satisfies it). */
export interface RecipientAccounts {
  /** Ids of the active users whose role has `flag`, in id order. */
  activeIdsWithFlag(flag: PermissionFlag): Promise<number[]>;
  /** The active users among `ids` (only those of `role`, when given) with their email address, in id order. */
  activeContacts(scope: { ids: readonly number[]; role?: string }): Promise<Array<{ id: number; email: string }>>;
}

/** Who receives a notification beyond the in-app push: users by flag, and users who asked for email. */
export class Recipients {
  constructor(
    private readonly accounts: RecipientAccounts,
    private readonly preferences: Pick<PreferencesRepository, 'emailOptIns'>,
  ) {}

  activeUsersWithFlag(flag: PermissionFlag): Promise<number[]> {
    return this.accounts.activeIdsWithFlag(flag);
  }

  /** Active recipients of `target` whose email preference is on (the type threshold is checked by the caller). */
  async emailRecipients(target: Target): Promise<EmailRecipient[]> {
    const optIns = await this.preferences.emailOptIns(target.kind === 'user' ? target.userId : undefined);
    if (optIns.size === 0) return [];
    const contacts = await this.accounts.activeContacts({ ids: [...optIns.keys()], role: target.kind === 'role' ? target.role : undefined });
    return contacts.map((c) => ({ userId: c.id, email: c.email, minType: optIns.get(c.id)! }));
  }
}
