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

export interface AlertsDeps {
  db: Kysely<DB>;
  /** Transitions go out as the socket event `alert` and the bus event `alertsChanged`. */
  bus: EventBus;
  /** Rule and manual alerts notify everyone (the notifications module's public service). */
  notifications: SystemNotices;
  metrics: MetricsReading;
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
export function createAlertsModule({ db, bus, notifications, metrics, host, logger, config }: AlertsDeps): Module<AlertsService> {
  const alerts = new AlertsService(db, bus, notifications, host, logger);
  return {
    service: alerts,
    routes: alertsRoutes({ alerts, rules: alerts.rules, trustProxy: config.trustProxy }),
    jobs: [{
      // Once per host: the lock name carries the host (models.md §6.1).
      name: `alert-evaluation:${host}`, everyMs: EVALUATION_INTERVAL_MS, cluster: true,
      run: async () => alerts.engine.evaluate(readingsFromSnapshot(await metrics.reading())),
    }],
  };
}
