import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { SecurityContext } from '../../system/security/index.js';
import type { SecurityFacts } from './security-facts.js';

/** The settings the checks read, taken from the configuration once. */
export interface SecuritySettings {
  apiHost: string;
  apiPort: number;
  tlsEnabled: boolean;
  trustProxy: boolean;
  debug: boolean;
  corsAllowAllOrigins: boolean;
  corsAllowedOrigins: readonly string[];
  maxLoginAttempts: number;
  lockoutMinutes: number;
  /** SECURITY_CHECK_MINUTES; 0 = only at start and on request. */
  checkMinutes: number;
}

export function securitySettings(config: Config): SecuritySettings {
  return {
    apiHost: config.apiHost,
    apiPort: config.apiPort,
    tlsEnabled: config.tls !== null,
    trustProxy: config.trustProxy,
    debug: config.debug,
    corsAllowAllOrigins: config.cors.allowAll,
    corsAllowedOrigins: config.cors.origins,
    maxLoginAttempts: config.maxLoginAttempts,
    lockoutMinutes: config.lockoutMinutes,
    checkMinutes: config.securityCheckMinutes,
  };
}

const DAY_MS = 86_400_000;

/** A fact that cannot be read makes its check `unknown` instead of failing the whole snapshot. */
async function orNull<T>(read: () => Promise<T>, logger: Logger, what: string): Promise<T | null> {
  try {
    return await read();
  } catch (err) {
    logger.warn({ err }, `security check could not read ${what}`);
    return null;
  }
}

/**
 * Settings + database facts → the checks' context. `boundPort` is the port actually listened on
 * (API_PORT may be 0), `everystPid` this process: both mark Everyst's own listeners as expected.
 */
export async function buildSecurityContext(
  settings: SecuritySettings,
  facts: SecurityFacts,
  logger: Logger,
  runtime: { everystPid: number; boundPort: number | null; now: Date },
): Promise<SecurityContext> {
  const now = runtime.now.getTime();
  const windowStart = new Date(now - settings.lockoutMinutes * 60_000).toISOString();
  const [failedLogins24h, activeLockouts, adminAccounts] = await Promise.all([
    orNull(() => facts.failedLoginsSince(new Date(now - DAY_MS).toISOString()), logger, 'login attempts'),
    orNull(() => facts.activeLockouts(windowStart, settings.maxLoginAttempts), logger, 'lockouts'),
    orNull(() => facts.adminAccounts(), logger, 'user accounts'),
  ]);
  return {
    apiHost: settings.apiHost,
    apiPort: runtime.boundPort ?? settings.apiPort,
    everystPid: runtime.everystPid,
    tlsEnabled: settings.tlsEnabled,
    trustProxy: settings.trustProxy,
    debug: settings.debug,
    corsAllowAllOrigins: settings.corsAllowAllOrigins,
    corsAllowedOrigins: settings.corsAllowedOrigins,
    failedLogins24h,
    activeLockouts,
    adminAccounts,
    now: runtime.now,
  };
}
