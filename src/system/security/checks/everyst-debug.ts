import { isLoopback } from '../ip-address.js';
import type { SecurityCheck, SecurityContext } from '../types.js';
import { makeCheck } from './check.js';

/** pass: DEBUG off; fail: on beyond loopback (stack traces reach clients); warn: on for loopback only. */
export function checkEverystDebug(ctx: SecurityContext): SecurityCheck {
  const evidence = { debug: ctx.debug, apiHost: ctx.apiHost };
  if (!ctx.debug) return makeCheck('everyst_debug', 'pass', 'Debug mode is off', evidence);
  if (isLoopback(ctx.apiHost)) {
    return makeCheck('everyst_debug', 'warn', 'Debug mode is on (loopback clients only)', evidence);
  }
  return makeCheck('everyst_debug', 'fail', `Debug mode is on while Everyst listens on ${ctx.apiHost}`, evidence);
}
