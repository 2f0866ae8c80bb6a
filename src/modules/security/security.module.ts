import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/tables.js';
import { createFsReader, type FileReader } from '../../system/security/index.js';
import type { Module } from '../module.js';
import type { SecuritySettings } from './security-context.js';
import { securityFactsOf, type SecurityAccounts } from './security-facts.js';
import type { FlagNotifier } from './security-notifier.js';
import { SecurityRepository } from './security.repository.js';
import { securityRoutes } from './security.routes.js';
import { SecurityService, TICK_MS, type SecurityEvents } from './security.service.js';

export interface SecurityModuleDeps {
  db: Kysely<DB>;
  /** The account store's reads behind the `failed_logins` and `weak_accounts` checks. */
  accounts: SecurityAccounts;
  /** Announces `securityStatusChanged` after each snapshot. */
  bus: SecurityEvents;
  /** Host name of this instance: snapshots are per host. */
  host: string;
  /** The configuration slice the checks read (`securitySettings(config)`), and TRUST_PROXY for page links. */
  config: { security: SecuritySettings; trustProxy: boolean };
  /** One notification per holder of `can_manage_system` (NotificationsService.createForFlag satisfies it). */
  notifications: FlagNotifier;
  /** The port the HTTP server listens on, null before listen(). */
  boundPort: () => number | null;
  logger: Logger;
  /** The host's files (default: the real /proc, /etc and /sys). */
  reader?: FileReader;
}

/** Host security status (security.md): routes, the per-host snapshot job and change notifications. */
export function createSecurityModule(deps: SecurityModuleDeps): Module<SecurityService> {
  const service = new SecurityService({
    host: deps.host,
    settings: deps.config.security,
    snapshots: new SecurityRepository(deps.db),
    facts: securityFactsOf(deps.accounts),
    reader: deps.reader ?? createFsReader(),
    logger: deps.logger.child({ component: 'security' }),
    everystPid: process.pid,
    notifier: deps.notifications,
    boundPort: deps.boundPort,
    events: deps.bus,
  });
  return {
    service,
    routes: securityRoutes(service, { trustProxy: deps.config.trustProxy }),
    // Keyed by host: the start snapshot and the period run once per host, whichever instance holds the lease.
    jobs: [{ name: `security-snapshot:${deps.host}`, everyMs: TICK_MS, run: () => service.tick(), cluster: true, runAtStart: true }],
  };
}
