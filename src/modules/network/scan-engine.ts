import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { Dialect } from '../../db/ddl.js';
import type { DB } from '../../db/tables.js';
import type { EventBus } from '../../realtime/bus.js';
import { ConnectionsRepository } from './connections.repository.js';
import { DeviceHistory } from './device-history.js';
import { DeviceHistoryRepository } from './device-history.repository.js';
import { DevicesRepository } from './devices.repository.js';
import { NetworkEvents } from './network-events.js';
import { ScanLifecycle } from './scan-lifecycle.js';
import { ScanNotifier, type ScanNotices } from './scan-notifier.js';
import { ScanPhases } from './scan-phases.js';
import { ScanRunner } from './scan-runner.js';
import { ScanSaver } from './scan-saver.js';
import { realScannerSystem, type ScannerSystem } from './scan-system.js';
import { TargetResolver } from './scan-targets.js';
import { ScansRepository } from './scans.repository.js';
import { TopologyService } from './topology.service.js';

/** What runs scans: the API (in-process scans) and `everyst worker` processes build it alike. */
export interface ScanEngineDeps {
  db: Kysely<DB>;
  dialect: Dialect;
  bus: EventBus;
  logger: Logger;
  scan: Config['scan'];
  dnsServers: Config['dnsServers'];
  /** The notifications module's creation API; null: scans send no notifications. */
  notices: ScanNotices | null;
  system?: ScannerSystem;
}

export function createScanEngine(deps: ScanEngineDeps) {
  const system = deps.system ?? realScannerSystem();
  const log = deps.logger.child({ component: 'network' });
  const devices = new DevicesRepository(deps.db);
  const connections = new ConnectionsRepository(deps.db);
  const scans = new ScansRepository(deps.db, deps.dialect);
  const topology = new TopologyService(devices, connections, scans);
  const events = new NetworkEvents(deps.bus, topology, log);
  const s = deps.scan;
  const targets = new TargetResolver({ allowedNetworks: s.allowedNetworks, excludeInterfaces: s.excludeInterfaces, maxHosts: s.maxHosts }, system);
  const history = new DeviceHistoryRepository(deps.db);
  const saver = new ScanSaver(devices, connections, scans, new DeviceHistory(history), s.offlineAfterMisses);
  const phases = new ScanPhases({ system, targets, devices, saver, logger: log, resolveNames: s.resolveNames, dnsServers: deps.dnsServers });
  const notifier = new ScanNotifier(deps.notices, log, deps.bus);
  const lifecycle = new ScanLifecycle({ scans, events, notifier, logger: log });
  const runner = new ScanRunner({ phases, scans, devices, events, lifecycle, logger: log });
  return { log, devices, connections, scans, history, topology, events, targets, lifecycle, runner };
}
export type ScanEngine = ReturnType<typeof createScanEngine>;
