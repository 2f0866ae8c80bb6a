import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { Database } from '../../db/database.js';
import type { EventBus } from '../../realtime/bus.js';
import { IpNetwork } from '../../system/network/ip-network.js';
import { readNetworkOverview, type NetworkOverview } from '../../system/network/network-overview.js';
import { ConnectionsRepository } from './connections.repository.js';
import { ConnectionsService } from './connections.service.js';
import { DevicesRepository } from './devices.repository.js';
import { DevicesService } from './devices.service.js';
import { NetworkEvents } from './network-events.js';
import { ScanMaintenance } from './scan-maintenance.js';
import { ScanNotifier } from './scan-notifier.js';
import { ScanPhases } from './scan-phases.js';
import type { ScanExecutor } from './scan-executor.js';
import { ScanQueue } from './scan-queue.js';
import { ScanResults } from './scan-results.js';
import { ScanRunner } from './scan-runner.js';
import { ScanSaver } from './scan-saver.js';
import { realScannerSystem, type ScannerSystem } from './scan-system.js';
import { TargetResolver } from './scan-targets.js';
import { ScansRepository } from './scans.repository.js';
import { ScansService } from './scans.service.js';
import { TopologyService } from './topology.service.js';
import { createWorkerDispatch, type WorkerDirectory } from '../../worker/api-side.js';

export interface NetworkServices {
  devices: DevicesService;
  connections: ConnectionsService;
  scans: ScansService;
  results: ScanResults;
  maintenance: ScanMaintenance;
  topology: TopologyService;
  notifier: ScanNotifier;
  events: NetworkEvents;
  /** The scan workers when SCAN_USE_WORKERS is set (scans then run there, not here), else null. */
  workers: WorkerDirectory | null;
  /** `GET network/interfaces/` (scanner.md §8). */
  interfaces(): Promise<NetworkOverview>;
}

/** What runs a scan: shared by the API (in-process scans) and `everyst worker` processes. */
export function createScanEngine(
  config: Config, database: Database, bus: EventBus, logger: Logger, system: ScannerSystem = realScannerSystem(),
) {
  const log = logger.child({ component: 'network' });
  const devices = new DevicesRepository(database.db);
  const connections = new ConnectionsRepository(database.db);
  const scans = new ScansRepository(database.db, database.dialect);
  const topology = new TopologyService(devices, connections, scans);
  const events = new NetworkEvents(bus, topology, log);
  const s = config.scan;
  const targets = new TargetResolver({ allowedNetworks: s.allowedNetworks, excludeInterfaces: s.excludeInterfaces, maxHosts: s.maxHosts }, system);
  const saver = new ScanSaver(devices, connections, scans, s.offlineAfterMisses);
  const phases = new ScanPhases({ system, targets, devices, saver, logger: log, resolveNames: s.resolveNames, dnsServers: config.dnsServers });
  const notifier = new ScanNotifier(log);
  const runner = new ScanRunner({ phases, scans, devices, events, notifier, logger: log });
  return { log, devices, connections, scans, topology, events, targets, notifier, runner };
}

/** Builds the network module's services (composition for app.ts). */
export function createNetworkServices(
  config: Config, database: Database, bus: EventBus, logger: Logger, system: ScannerSystem = realScannerSystem(),
): NetworkServices {
  const { log, devices, connections, scans, topology, events, targets, notifier, runner } = createScanEngine(config, database, bus, logger, system);
  const s = config.scan;
  const workers = config.scanUseWorkers && config.redis
    ? createWorkerDispatch(config.redis, { scans, events, notifier, logger: log })
    : null;
  const queue: ScanExecutor = workers?.executor
    ?? new ScanQueue(scans, runner, events, { maxConcurrent: s.maxConcurrent, worker: config.instanceName }, log);
  const limits = { maxConcurrent: s.maxConcurrent, queueSize: s.queueSize, worker: config.instanceName, startQueued: workers !== null };
  const configuredAllowed = s.allowedNetworks?.length ? s.allowedNetworks.map((t) => IpNetwork.parse(t)!) : null;
  return {
    devices: new DevicesService(devices, events),
    connections: new ConnectionsService(connections, devices, events),
    scans: new ScansService(scans, devices, targets, queue, events, notifier, limits),
    results: new ScanResults(scans, devices, connections),
    maintenance: new ScanMaintenance(scans, queue, events, log),
    topology,
    notifier,
    events,
    workers: workers?.directory ?? null,
    interfaces: () => readNetworkOverview({ excludeInterfaces: s.excludeInterfaces, configuredAllowed, maxHosts: s.maxHosts }),
  };
}
