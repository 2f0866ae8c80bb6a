import { isLoopback } from '../ip-address.js';
import type { SecurityCheck, SecurityContext } from '../types.js';
import { makeCheck } from './check.js';

/** pass: HTTPS, or TLS ends at a trusted proxy, or only loopback clients; warn: plain HTTP beyond loopback. */
export function checkEverystTls(ctx: SecurityContext): SecurityCheck {
  const evidence = { tlsEnabled: ctx.tlsEnabled, trustProxy: ctx.trustProxy, apiHost: ctx.apiHost };
  if (ctx.tlsEnabled) return makeCheck('everyst_tls', 'pass', 'Everyst serves HTTPS', evidence);
  if (ctx.trustProxy) {
    return makeCheck('everyst_tls', 'pass', 'TLS is assumed at the reverse proxy (TRUST_PROXY on)', evidence);
  }
  if (isLoopback(ctx.apiHost)) {
    return makeCheck('everyst_tls', 'pass', 'Plain HTTP, reachable from this machine only', evidence);
  }
  return makeCheck('everyst_tls', 'warn', `Everyst serves plain HTTP on ${ctx.apiHost}`, evidence);
}
