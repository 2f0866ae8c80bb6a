import type { SecurityCheck, SecurityContext } from '../types.js';
import { makeCheck } from './check.js';

export const FAILED_LOGINS_WARN = 10;
export const FAILED_LOGINS_FAIL = 100;

/** pass: < 10 failures in 24 h; warn: ≥ 10; fail: ≥ 100 or a lockout active now. */
export function checkFailedLogins(ctx: SecurityContext): SecurityCheck {
  const failures = ctx.failedLogins24h;
  const lockouts = ctx.activeLockouts;
  const evidence = { failedLast24h: failures, activeLockouts: lockouts };
  if (failures === null || lockouts === null) {
    return makeCheck('failed_logins', 'unknown', 'Login attempts could not be read', evidence);
  }
  const counted = `${failures} failed login${failures === 1 ? '' : 's'} in the last 24 hours`;
  if (lockouts > 0) {
    return makeCheck(
      'failed_logins',
      'fail',
      `${lockouts} lockout${lockouts === 1 ? '' : 's'} active now; ${counted}`,
      evidence,
    );
  }
  if (failures >= FAILED_LOGINS_FAIL) return makeCheck('failed_logins', 'fail', counted, evidence);
  if (failures >= FAILED_LOGINS_WARN) return makeCheck('failed_logins', 'warn', counted, evidence);
  return makeCheck('failed_logins', 'pass', counted, evidence);
}
