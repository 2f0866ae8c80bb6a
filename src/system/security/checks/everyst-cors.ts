import type { SecurityCheck, SecurityContext } from '../types.js';
import { makeCheck } from './check.js';

/** pass: CORS off or an explicit origin list; warn: every origin allowed. */
export function checkEverystCors(ctx: SecurityContext): SecurityCheck {
  const evidence = { allowAllOrigins: ctx.corsAllowAllOrigins, allowedOrigins: [...ctx.corsAllowedOrigins] };
  if (ctx.corsAllowAllOrigins) {
    return makeCheck('everyst_cors', 'warn', 'CORS allows every origin (CORS_ALLOW_ALL_ORIGINS)', evidence);
  }
  const count = ctx.corsAllowedOrigins.length;
  const detail = count === 0 ? 'CORS is off' : `CORS allows ${count} listed origin${count === 1 ? '' : 's'}`;
  return makeCheck('everyst_cors', 'pass', detail, evidence);
}
