import { wireTime } from '../../db/values.js';
import { NotFound } from '../../errors.js';
import type { LoginLockout } from '../../auth/lockout.js';
import type { Principal } from '../../auth/permissions.js';
import type { UsersRepository, UserWithRole } from '../../auth/accounts/users.repository.js';
import { presentUser, type UserView } from './users.presenter.js';
import { assertMayWriteUser } from './users.policy.js';

export type LockableUserView = UserView & { locked_until: string | null };

/** The login lockout as user management sees it: who is locked until when, and the administrator's unlock. */
export class AccountLockouts {
  constructor(private readonly users: UsersRepository, private readonly lockout: LoginLockout) {}

  /** Users with `locked_until`: the end of their account's lock from any address, or null. */
  async present(rows: UserWithRole[]): Promise<LockableUserView[]> {
    const until = await this.lockout.lockedUntil(rows.map((r) => r.user));
    return rows.map((r) => ({ ...presentUser(r), locked_until: wireTime(until.get(r.user.id)) }));
  }

  /** `POST users/{id}/unlock/`: a visible target, the rank rules on another user (roles.md §4). */
  async unlock(p: Principal, target: UserWithRole): Promise<LockableUserView> {
    if (target.user.id !== p.userId) assertMayWriteUser(p, target.role);
    await this.lockout.unlock(target.user.id);
    return { ...presentUser(target), locked_until: null };
  }

  /** CLI: the operator unlocks an account by username (or email). */
  async unlockByName(login: string): Promise<UserWithRole> {
    const target = await this.users.findByLogin(login);
    if (!target) throw new NotFound(`No user named "${login}".`);
    await this.lockout.unlock(target.user.id);
    return target;
  }
}
