import { Conflict, Throttled } from '../../errors.js';
import type { RedisConfig } from '../../realtime/redis-connection.js';
import { IpNetwork } from '../../system/network/ip-network.js';
import { readNetworkOverview, type NetworkOverview } from '../../system/network/network-overview.js';
import { createWorkerDispatch, type WorkerDirectory } from '../../worker/api-side.js';
import type { JobDef, Module } from '../module.js';
import { ConnectionsService } from './connections.service.js';
import { DevicesService } from './devices.service.js';
import type { NetworkEvents } from './network-events.js';
import { networkRoutes } from './network.routes.js';
import { networkSocketEvents } from './network.socket.js';
import { createScanEngine, type ScanEngineDeps } from './scan-engine.js';
import type { ScanExecutor } from './scan-executor.js';
import { ScanMaintenance } from './scan-maintenance.js';
import { ScanQueue } from './scan-queue.js';
import { ScanResults } from './scan-results.js';
import { ScheduleRunner } from './schedule-runner.js';
import { SchedulesRepository } from './schedules.repository.js';
import { SchedulesService } from './schedules.service.js';
import { ScansService } from './scans.service.js';
import type { TopologyService } from './topology.service.js';

export type { ScanNotices } from './scan-notifier.js';

/** The network module's public service: what routes, sockets and other modules use of it. */
export interface NetworkServices {
  devices: DevicesService;
  connections: ConnectionsService;
  scans: ScansService;
  schedules: SchedulesService;
  results: ScanResults;
  maintenance: ScanMaintenance;
  topology: TopologyService;
  events: NetworkEvents;
  /** The scan workers when SCAN_USE_WORKERS is set (scans then run there, not here), else null. */
  workers: WorkerDirectory | null;
  /** `GET network/interfaces/` (scanner.md §8). */
  interfaces(): Promise<NetworkOverview>;
}

/** What the scan engine needs (scan-engine.ts), and what the API side adds. */
export interface NetworkModuleDeps extends ScanEngineDeps {
  /** This instance's name (the `worker` of scans it runs). */
  instanceName: string;
  /** Redis when several instances share the database (only stale scans are interrupted at start), else null. */
  redis: RedisConfig | null;
  /** SCAN_USE_WORKERS: scans run on `everyst worker` processes (needs `redis`). */
  useWorkers: boolean;
  trustProxy: boolean;
  /** The time scan schedules read (tests move it on); the system clock by default. */
  clock?: () => Date;
  /** How often due scan schedules are looked for; 30 s by default. */
  scheduleCheckMs?: number;
}

const SUPERVISE_MS = 3000;
const SCHEDULE_CHECK_MS = 30_000;

/** Devices, connections, scans and topology (rest.md §8, scanner.md, realtime.md §4). */
export function createNetworkModule(deps: NetworkModuleDeps): Module<NetworkServices> {
  const engine = createScanEngine(deps);
  const { log, devices, connections, scans, history, topology, events, targets, lifecycle, runner } = engine;
  const clock = deps.clock ?? (() => new Date());
  const schedules = new SchedulesRepository(deps.db);
  const s = deps.scan;
  const dispatch = deps.useWorkers && deps.redis ? createWorkerDispatch(deps.redis, { lifecycle, scans, logger: log }) : null;
  const queue: ScanExecutor = dispatch?.executor
    ?? new ScanQueue(scans, runner, lifecycle, { maxConcurrent: s.maxConcurrent, worker: deps.instanceName }, log);
  const limits = { maxConcurrent: s.maxConcurrent, queueSize: s.queueSize, worker: deps.instanceName, startQueued: dispatch !== null };
  const configuredAllowed = s.allowedNetworks?.length ? s.allowedNetworks.map((t) => IpNetwork.parse(t)!) : null;
  const service: NetworkServices = {
    devices: new DevicesService(devices, history, events),
    connections: new ConnectionsService(connections, devices, events),
    scans: new ScansService(scans, devices, targets, queue, lifecycle, limits),
    schedules: new SchedulesService(schedules, targets, clock),
    results: new ScanResults(scans, devices, connections),
    maintenance: new ScanMaintenance(scans, queue, lifecycle, log),
    topology,
    events,
    workers: dispatch?.directory ?? null,
    interfaces: () => readNetworkOverview({ excludeInterfaces: s.excludeInterfaces, configuredAllowed, maxHosts: s.maxHosts }),
  };

  const jobs: JobDef[] = [];
  if (s.scheduleMinutes > 0) {
    // The scheduler runs a job first one full interval after listen(), never at start (§12).
    jobs.push({
      name: 'network.scheduled-discovery', everyMs: s.scheduleMinutes * 60_000, cluster: true,
      run: async () => {
        try {
          await service.scans.start(null, { scan_type: s.scheduleType });
        } catch (error) {
          if (error instanceof Conflict || error instanceof Throttled) return;
          throw error;
        }
      },
    });
  }
  // Schedules users created (none at first start); SCAN_SCHEDULE_MINUTES above stays the configured alternative.
  const scheduleRunner = new ScheduleRunner({ schedules, scans: service.scans, scanRecords: scans, clock, logger: log });
  jobs.push({ name: 'network.scan-schedules', everyMs: deps.scheduleCheckMs ?? SCHEDULE_CHECK_MS, cluster: true, run: () => scheduleRunner.runDue() });
  if (dispatch) {
    // Scans of workers that stopped are retried or ended (scanner.md §10), checked by one instance at a time.
    const directory = dispatch.directory;
    jobs.push({ name: 'network.scan-workers', everyMs: SUPERVISE_MS, cluster: true, run: () => directory.supervise() });
  }

  return {
    service,
    routes: networkRoutes(service, { trustProxy: deps.trustProxy }),
    socketEvents: networkSocketEvents(service),
    jobs,
    // Before the first request: scans a previous run left queued or in progress end as interrupted (§10).
    async onReady() {
      const count = await service.maintenance.interruptAtStart(deps.redis === null);
      if (count > 0) deps.logger.info({ count }, 'scans interrupted by the restart marked');
    },
    async onClose() {
      service.maintenance.stop();
      await service.scans.queue.shutdown();
    },
  };
}
