import type { SecurityCheck, SecurityContext } from '../types.js';
import { makeCheck } from './check.js';

export const UNUSED_DAYS = 90;
const DAY_MS = 86_400_000;

/**
 * warn: an active owner/admin account unused for 90 days — its last login, or its creation when it
 * never logged in, is older than that. Dormant privileged accounts are what password guessing aims at.
 */
export function checkWeakAccounts(ctx: SecurityContext): SecurityCheck {
  if (ctx.adminAccounts === null) {
    return makeCheck('weak_accounts', 'unknown', 'User accounts could not be read', { accounts: null });
  }
  const now = (ctx.now ?? new Date()).getTime();
  const unused = ctx.adminAccounts
    .map((a) => {
      const lastUse = a.lastLogin ?? a.dateJoined;
      const days = Math.floor((now - lastUse.getTime()) / DAY_MS);
      return { username: a.username, role: a.role, lastLogin: a.lastLogin?.toISOString() ?? null, days };
    })
    .filter((a) => a.days >= UNUSED_DAYS)
    .sort((a, b) => b.days - a.days || a.username.localeCompare(b.username));
  const evidence = { checked: ctx.adminAccounts.length, unused };
  if (unused.length === 0) {
    const detail = `Every owner/admin account was used within ${UNUSED_DAYS} days`;
    return makeCheck('weak_accounts', 'pass', detail, evidence);
  }
  return makeCheck(
    'weak_accounts',
    'warn',
    `${unused.length} owner/admin account${unused.length === 1 ? '' : 's'} unused for ${UNUSED_DAYS} days`,
    evidence,
  );
}
