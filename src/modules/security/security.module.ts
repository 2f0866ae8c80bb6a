import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/tables.js';
import { createFsReader } from '../../system/security/index.js';
import { securitySettings } from './security-context.js';
import { SecurityFactsRepository } from './security-facts.repository.js';
import { SecurityRepository } from './security.repository.js';
import { securityRoutes } from './security.routes.js';
import { SecurityService, TICK_MS } from './security.service.js';

/** Composition for app.ts: the service reads the real host through /proc, /etc and /sys. */
export function createSecurityService(config: Config, db: Kysely<DB>, host: string, logger: Logger): SecurityService {
  return new SecurityService({
    host,
    settings: securitySettings(config),
    snapshots: new SecurityRepository(db),
    facts: new SecurityFactsRepository(db),
    reader: createFsReader(),
    logger: logger.child({ component: 'security' }),
    everystPid: process.pid,
  });
}

/** Host security status (security.md): routes, the per-host snapshot job, notifications and the live-metrics link. */
export const securityModule = {
  routes: securityRoutes,
  setup(ctx: AppContext): void {
    const { security, notifications, metrics } = ctx.services;
    security.link({
      notifier: notifications,
      boundPort: () => {
        const address = ctx.http.server.address();
        return typeof address === 'object' && address ? address.port : null;
      },
      onSnapshot: () => metrics.invalidateDashboard(),
    });
    metrics.setSecurityStatusProvider(async () => (await security.liveSummary())?.status ?? null);
    // Keyed by host: the start snapshot and the period run once per host, whichever instance holds the lease.
    ctx.scheduler.every(`security-snapshot:${ctx.host}`, TICK_MS, () => security.tick(), { cluster: true, runAtStart: true });
  },
};
