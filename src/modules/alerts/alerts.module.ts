import type { AppContext } from '../../context.js';
import { alertsRoutes } from './alerts.routes.js';
import { FallbackSystemNotifier, systemNotifier } from './notifier.js';
import { readingsFromSnapshot } from './readings.js';

export const EVALUATION_INTERVAL_MS = 10_000;

/** Alerts, alert rules and the threshold evaluation job (metrics.md §5). */
export const alertsModule = {
  routes: alertsRoutes,
  setup(ctx: AppContext): void {
    const alerts = ctx.services.alerts;
    alerts.setNotifier(systemNotifier(ctx.services, new FallbackSystemNotifier(ctx.db, ctx.bus)));
    alerts.events.onChange(() => ctx.services.metrics.invalidateDashboard());
    // Once per host: the lock name carries the host (models.md §6.1).
    ctx.scheduler.every(`alert-evaluation:${ctx.host}`, EVALUATION_INTERVAL_MS, async () => {
      await alerts.engine.evaluate(readingsFromSnapshot(await ctx.services.metrics.reading()));
    }, { cluster: true });
  },
};
