import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { SecretBox } from '../../crypto/secrets.js';
import type { Dialect } from '../../db/ddl.js';
import type { DB } from '../../db/tables.js';
import type { EventBus } from '../../realtime/bus.js';
import type { Module } from '../module.js';
import { createCheckers } from './checks/index.js';
import { createMonitorHistory } from './history/monitor-history.js';
import { MaintenanceRepository } from './maintenance/maintenance.repository.js';
import { maintenanceRoutes } from './maintenance/maintenance.routes.js';
import { MaintenanceService } from './maintenance/maintenance.service.js';
import { MonitorLeadership, type Lease } from './monitor-leadership.js';
import type { ActiveChecks } from './monitor-runner.js';
import { monitorsPrometheus } from './monitors.prometheus.js';
import { MonitorsRepository } from './monitors.repository.js';
import { monitorsRoutes } from './monitors.routes.js';
import { MonitorsService, type MonitorNotices } from './monitors.service.js';
import { monitorsSocketEvents } from './monitors.socket.js';
import { MonitorScheduler } from './scheduler/monitor-scheduler.js';
import { StatusPagesRepository } from './status-pages/status-pages.repository.js';
import { statusPagesRoutes } from './status-pages/status-pages.routes.js';
import { StatusPagesService } from './status-pages/status-pages.service.js';

/** What `device` monitors read of the inventory (the network module's devices). */
export interface DevicePresence {
  exists(id: string): Promise<boolean>;
  presence(id: string): Promise<{ online: boolean; lastSeen: string | null } | null>;
}

export interface MonitorsDeps {
  db: Kysely<DB>;
  dialect: Dialect;
  bus: EventBus;
  logger: Logger;
  notices: MonitorNotices;
  devices: DevicePresence;
  /** Seals basic-auth passwords (the notifications' secret box: one key for every stored secret). */
  secrets: SecretBox;
  config: { dnsServers: readonly string[]; rawRetentionDays: number; concurrency: number; trustProxy: boolean };
  /** With several instances on one database (PostgreSQL), the lease that elects the one running the checks; null: this one. */
  lease: Lease | null;
  /**
   * SCAN_USE_WORKERS: wraps the local checks in the dispatch that runs checks of targets only a worker reaches
   * on that worker (src/worker/monitor-dispatch.ts); absent or null: every check runs here.
   */
  workerChecks?: ((local: ActiveChecks) => ActiveChecks) | null;
}

export interface MonitorsModuleService {
  monitors: MonitorsService;
  /** Prometheus families of every monitor (`everyst_monitor_up{name=…}` …). */
  prometheus(): string;
}

/** Uptime monitors, maintenance windows, status pages and badges (monitoring.md §1–4). */
export function createMonitorsModule(deps: MonitorsDeps): Module<MonitorsModuleService> {
  const logger = deps.logger.child({ component: 'monitors' });
  const history = createMonitorHistory({ db: deps.db, dialect: deps.dialect, rawRetentionDays: deps.config.rawRetentionDays });
  // The scheduler and the maintenance service call back into the monitors service, built right after them.
  // eslint-disable-next-line prefer-const
  let monitors: MonitorsService;
  const maintenance = new MaintenanceService(new MaintenanceRepository(deps.db), { monitorExists: (id) => monitors.byId(id) !== undefined });
  const local = createCheckers({ dnsServers: deps.config.dnsServers });
  const checks = deps.workerChecks ? deps.workerChecks(local) : local;
  const scheduler = new MonitorScheduler({ concurrency: deps.config.concurrency, run: (id, signal) => monitors.runner.run(id, signal), logger });
  monitors = new MonitorsService({
    repo: new MonitorsRepository(deps.db, deps.secrets), history, scheduler, checks,
    bus: deps.bus, notices: deps.notices, devices: deps.devices, dnsServers: deps.config.dnsServers, logger,
    inMaintenance: (id, at) => maintenance.covers(id, at),
  });
  const pages = new StatusPagesService(new StatusPagesRepository(deps.db), {
    monitor: (id) => monitors.byId(id),
    dailyUptimeMany: (ids, days, now) => history.dailyUptimeMany(ids, days, now),
    uptimeMany: (ids, window, now) => history.uptimeMany(ids, window, now),
    recentIncidents: (ids, since) => history.recentIncidents(ids, since),
  });
  const duties = {
    lead: async () => monitors.lead(),
    follow: () => monitors.follow(),
    // Windows written on another instance reach the one running the checks in the same round as definitions.
    sync: async () => {
      await maintenance.load();
      await monitors.sync();
    },
  };
  const leadership = new MonitorLeadership(duties, deps.lease, logger);
  return {
    service: { monitors, prometheus: () => monitorsPrometheus(monitors.all(), scheduler.stats()) },
    routes: [
      ...monitorsRoutes({ monitors, trustProxy: deps.config.trustProxy }),
      ...maintenanceRoutes({ maintenance, trustProxy: deps.config.trustProxy }),
      ...statusPagesRoutes({ pages, trustProxy: deps.config.trustProxy }),
    ],
    socketEvents: monitorsSocketEvents(),
    jobs: [{ name: 'monitor-history-retention', everyMs: 3600_000, cluster: true, run: () => history.prune(new Date()) }],
    onReady: async () => {
      await maintenance.load();
      await monitors.load();
      await leadership.start();
    },
    onClose: async () => {
      await leadership.stop();
      await monitors.stop();
    },
  };
}
