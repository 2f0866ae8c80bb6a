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
import { agentMetricsRoom, type AgentHosts } from './agent-hosts.js';
import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import { registerPrometheusRoute, type PrometheusSettings } from './prometheus.route.js';

export interface MetricsModuleDeps {
  /** The history of samples (system_metrics). */
  db: Kysely<DB>;
  /** What the dashboard keys and Prometheus families read of the alerts, network, security and accounts. */
  facts: DashboardFacts;
  /**
   * Listens to `alertsChanged` and `securityStatusChanged` (the database keys of the metrics object), and to
   * `agentSample`/`agentRemoved` (agent hosts' history; their live pushes go out through `toClients`).
   */
  bus: Pick<EventBus, 'on' | 'off' | 'toClients'>;
  /** Host name of this instance (metrics.md §1). */
  host: string;
  config: { metrics: MetricsSettings; prometheus: PrometheusSettings; trustProxy: boolean };
  logger: Logger;
  /** Sockets connected to this instance, for `everyst_socket_connections`. */
  socketConnections: () => number;
  /** Extra collector options (tests point it at recorded /proc trees). */
  collector?: CollectorOptions;
  /** The agents' hosts (monitoring.md §6). */
  agents?: AgentHosts;
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
    agents: deps.agents,
  });
  const onAlerts = () => service.invalidateDashboard();
  const onSecurity = ({ host: of, status }: { host: string; status: string | null }) => service.securityStatusChanged(of, status);
  bus.on('alertsChanged', onAlerts);
  bus.on('securityStatusChanged', onSecurity);
  // An agent's sample: its host's history, and a push to the sockets watching that host (on every instance).
  const onAgentSample = ({ agentId, snapshot, live }: { agentId: string; snapshot: MetricsSnapshot; live: boolean }) => {
    service.agentHistory.record(agentId, snapshot);
    if (live) bus.toClients('metrics_update', { ...snapshot, host: agentId }, { kind: 'room', room: agentMetricsRoom(agentId) });
  };
  const onAgentRemoved = ({ agentId }: { agentId: string }) => void service.agentHistory.forget(agentId);
  bus.on('agentSample', onAgentSample);
  bus.on('agentRemoved', onAgentRemoved);
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
      // Agent minutes close when a later sample arrives; this writes those of agents that fell silent.
      { name: 'metrics-agent-minutes', everyMs: 5000, run: () => service.agentHistory.flushEnded() },
      {
        name: 'metrics-retention:agents', everyMs: HOUR_MS, cluster: true, runAtStart: true,
        run: async () => service.agentHistory.prune((await deps.agents?.hosts() ?? []).map((a) => a.id)),
      },
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
      bus.off('agentSample', onAgentSample);
      bus.off('agentRemoved', onAgentRemoved);
      await service.close();
    },
  };
}
