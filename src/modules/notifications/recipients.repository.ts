import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { PermissionFlag } from '../../auth/permissions.js';
import type { Target } from './notification-types.js';

export interface EmailRecipient { userId: number; email: string; minType: string }

/** Who receives a notification beyond the in-app push: users by flag, and users who asked for email. */
export class RecipientsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async activeUsersWithFlag(flag: PermissionFlag): Promise<number[]> {
    const rows = await this.db.selectFrom('users').innerJoin('roles', 'roles.name', 'users.role_name')
      .select('users.id').where(`roles.${flag}`, '=', true).where('users.is_active', '=', true).orderBy('users.id').execute();
    return rows.map((r) => Number(r.id));
  }

  /** Active recipients of `target` whose email preference is on (the type threshold is checked by the caller). */
  async emailRecipients(target: Target): Promise<EmailRecipient[]> {
    let q = this.db.selectFrom('users')
      .innerJoin('notification_preferences as p', 'p.user_id', 'users.id')
      .select(['users.id', 'users.email', 'p.email_min_type'])
      .where('p.email_enabled', '=', true)
      .where('users.is_active', '=', true);
    if (target.kind === 'user') q = q.where('users.id', '=', target.userId);
    if (target.kind === 'role') q = q.where('users.role_name', '=', target.role);
    const rows = await q.orderBy('users.id').execute();
    return rows.map((r) => ({ userId: Number(r.id), email: r.email, minType: r.email_min_type }));
  }
}
