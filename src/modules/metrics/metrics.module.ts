import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/tables.js';
import type { EventBus } from '../../realtime/bus.js';
import type { CollectorOptions } from '../../system/metrics/collector.js';
import type { Module } from '../module.js';
import type { DashboardFacts } from './dashboard-facts.js';
import { HistoryRepository } from './history.repository.js';
import { HOUR_MS } from './history.service.js';
import { HttpStats } from './http-stats.js';
import { metricsRoutes } from './metrics.routes.js';
import { MetricsService, type MetricsSettings } from './metrics.service.js';
import { metricsSocket } from './metrics.socket.js';
import { registerPrometheusRoute, type PrometheusSettings } from './prometheus.route.js';

export interface MetricsModuleDeps {
  /** The history of samples (system_metrics). */
  db: Kysely<DB>;
  /** What the dashboard keys and Prometheus families read of the alerts, network, security and accounts. */
  facts: DashboardFacts;
  /** Listens to `alertsChanged` and `securityStatusChanged` (the database keys of the metrics object). */
  bus: Pick<EventBus, 'on' | 'off'>;
  /** Host name of this instance (metrics.md §1). */
  host: string;
  config: { metrics: MetricsSettings; prometheus: PrometheusSettings; trustProxy: boolean };
  logger: Logger;
  /** Sockets connected to this instance, for `everyst_socket_connections`. */
  socketConnections: () => number;
  /** Extra collector options (tests point it at recorded /proc trees). */
  collector?: CollectorOptions;
}

export interface MetricsModule extends Module<MetricsService> {
  /** `GET /metrics` lives outside /api/: registered on the server itself, with its request-counting hook. */
  registerRootRoutes(http: FastifyInstance): void;
}

/** Live metrics, history jobs and the Prometheus export (metrics.md). */
export function createMetricsModule(deps: MetricsModuleDeps): MetricsModule {
  const { host, bus } = deps;
  const service = new MetricsService({
    host,
    settings: deps.config.metrics,
    historyRepo: new HistoryRepository(deps.db),
    facts: deps.facts,
    logger: deps.logger,
    collector: deps.collector,
  });
  const onAlerts = () => service.invalidateDashboard();
  const onSecurity = ({ host: of, status }: { host: string; status: string | null }) => service.securityStatusChanged(of, status);
  bus.on('alertsChanged', onAlerts);
  bus.on('securityStatusChanged', onSecurity);
  const stats = new HttpStats();

  return {
    service,
    routes: metricsRoutes(service, { trustProxy: deps.config.trustProxy }),
    ...metricsSocket(service),
    jobs: [
      // Minute sampling and retention run once per host: their locks carry the host name (models.md §6.1).
      // The minute job checks every 5 s and stores once per whole minute.
      { name: `metrics-history:${host}`, everyMs: 5000, run: () => service.history.tick(), cluster: true, runAtStart: true },
      { name: `metrics-retention:${host}`, everyMs: HOUR_MS, run: () => service.history.prune(), cluster: true, runAtStart: true },
      // Instances that do not hold the history lock still keep their counter baseline about a minute old (§1).
      {
        name: 'metrics-baseline', everyMs: 5000,
        run: async () => {
          if (service.readingAgeMs > 55_000 && Date.now() - service.history.lastSampledAt > 90_000) await service.reading(0);
        },
      },
    ],
    registerRootRoutes: (http) => registerPrometheusRoute(http, {
      metrics: service, settings: deps.config.prometheus, stats, socketConnections: deps.socketConnections,
    }),
    onClose: async () => {
      bus.off('alertsChanged', onAlerts);
      bus.off('securityStatusChanged', onSecurity);
      await service.close();
    },
  };
}
