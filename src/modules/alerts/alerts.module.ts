import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DB } from '../../db/tables.js';
import type { EventBus } from '../../realtime/bus.js';
import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import type { Module } from '../module.js';
import type { SystemNotices } from './alert-events.js';
import { alertsRoutes } from './alerts.routes.js';
import { AlertsRepository, type OpenAlertSummary } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { readingsFromSnapshot } from './readings.js';

export const EVALUATION_INTERVAL_MS = 10_000;

/** What alerts need of the metrics module: a host reading (MetricsService.reading). */
export interface MetricsReading {
  reading(): Promise<MetricsSnapshot>;
}

/** A sample older than this is not evaluated: the agent fell silent (it goes offline on its own). */
const AGENT_SAMPLE_MAX_AGE_MS = 30_000;

/** What alerts need of the agents module: the agents connected to this instance, their names and newest samples. */
export interface AgentSamples {
  connectedSamples(): Array<{ agentId: string }>;
  latest(id: string): Promise<{ snapshot: MetricsSnapshot; at: string } | null | undefined>;
  hosts(): Promise<Array<{ id: string; name: string }>>;
}

export interface AlertsDeps {
  db: Kysely<DB>;
  /** Transitions go out as the socket event `alert` and the bus event `alertsChanged`. */
  bus: EventBus;
  /** Rule and manual alerts notify everyone (the notifications module's public service). */
  notifications: SystemNotices;
  metrics: MetricsReading;
  /** Agents are evaluated by the instance they are connected to (each is connected to one at a time). */
  agents?: AgentSamples;
  /** Host name of this instance: rule alerts are per host (metrics.md §1). */
  host: string;
  logger: Logger;
  config: { trustProxy: boolean };
}

/** What the metrics dashboard reads of the alerts (its `alerts` and `security` keys, `everyst_alerts_open`). */
export interface AlertReads {
  openSummaries(limit: number): Promise<OpenAlertSummary[]>;
  hasOpen(severity?: string): Promise<boolean>;
  openCountsBySeverity(): Promise<Record<string, number>>;
}

/**
 * The read side of the alerts, without the module: the metrics module shows open alerts but is built before the
 * alerts module (which evaluates the metrics' readings), so app.ts builds this first and hands it to the metrics.
 */
export function createAlertReads(db: Kysely<DB>): AlertReads {
  return new AlertsRepository(db);
}

/** Alerts, alert rules and the threshold evaluation job (metrics.md §5, rest.md §9). */
export function createAlertsModule({ db, bus, notifications, metrics, agents, host, logger, config }: AlertsDeps): Module<AlertsService> {
  const alerts = new AlertsService(db, bus, notifications, host, logger);
  const evaluateAgents = async () => {
    const connected = agents!.connectedSamples();
    if (connected.length === 0) return;
    const names = new Map((await agents!.hosts()).map((a) => [a.id, a.name]));
    for (const { agentId } of connected) {
      const latest = await agents!.latest(agentId);
      const name = names.get(agentId);
      if (!latest || !name || Date.now() - Date.parse(latest.at) > AGENT_SAMPLE_MAX_AGE_MS) continue;
      await alerts.engine.evaluate(readingsFromSnapshot(latest.snapshot), Date.now(), { host: agentId, name });
    }
  };
  return {
    service: alerts,
    routes: alertsRoutes({ alerts, rules: alerts.rules, trustProxy: config.trustProxy }),
    jobs: [{
      // Once per host: the lock name carries the host (models.md §6.1).
      name: `alert-evaluation:${host}`, everyMs: EVALUATION_INTERVAL_MS, cluster: true,
      run: async () => alerts.engine.evaluate(readingsFromSnapshot(await metrics.reading())),
    }, ...(agents ? [{ name: 'alert-evaluation:agents', everyMs: EVALUATION_INTERVAL_MS, run: evaluateAgents }] : [])],
  };
}
