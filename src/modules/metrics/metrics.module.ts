import type { AppContext } from '../../context.js';
import { HOUR_MS } from './history.service.js';
import { metricsRoutes } from './metrics.routes.js';
import { registerMetricsSocket } from './metrics.socket.js';
import { registerPrometheusRoute } from './prometheus.route.js';

/** Live metrics, history jobs and the Prometheus export (metrics.md). */
export const metricsModule = {
  routes: metricsRoutes,
  setup(ctx: AppContext): void {
    const metrics = ctx.services.metrics;
    registerMetricsSocket(ctx);
    registerPrometheusRoute(ctx, ctx.http);
    // Minute sampling and retention run once per host: their locks carry the host name (models.md §6.1).
    // The minute job checks every 5 s and stores once per whole minute.
    ctx.scheduler.every(`metrics-history:${ctx.host}`, 5000, () => metrics.history.tick(), { cluster: true, runAtStart: true });
    ctx.scheduler.every(`metrics-retention:${ctx.host}`, HOUR_MS, () => metrics.history.prune(), { cluster: true, runAtStart: true });
    // Instances that do not hold the history lock still keep their counter baseline about a minute old (§1).
    ctx.scheduler.every('metrics-baseline', 5000, async () => {
      if (metrics.readingAgeMs > 55_000 && Date.now() - metrics.history.lastSampledAt > 90_000) await metrics.reading(0);
    });
    ctx.onClose(() => metrics.close());
  },
};
