import { forbidden } from '../../errors.js';
import { outranks, type Principal, type Role } from '../../auth/permissions.js';

/** Record-level rules of roles.md §4, one line each. */
export const canSeeAllUsers = (p: Principal) => p.role.can_manage_users || p.role.can_view_all_data;
export const canSeeUser = (p: Principal, targetId: number) => p.userId === targetId || canSeeAllUsers(p);

/** Writing to another user: the owner only by the owner; never someone who outranks the caller. */
export function assertMayWriteUser(p: Principal, targetRole: Role): void {
  if (targetRole.name === 'owner' && p.role.name !== 'owner') throw forbidden('You cannot modify a user ranked above you');
  if (outranks(targetRole, p.role)) throw forbidden('You cannot modify a user ranked above you');
}
