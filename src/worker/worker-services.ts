import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { createScanEngine } from '../modules/network/scan-engine.js';
import { createNotificationsCore } from '../modules/notifications/notifications.module.js';
import { RolesRepository } from '../auth/accounts/roles.repository.js';
import { UsersRepository } from '../auth/accounts/users.repository.js';
import { EventBus } from '../realtime/bus.js';
import type { RedisConfig } from '../realtime/redis-connection.js';
import { EventRelay } from './event-relay.js';

/**
 * What a worker needs to run scans as the API would: the scan engine on the shared database, notifications
 * (scanner.md §11) and the relay that carries their events to the API instances' sockets.
 */
export function createWorkerServices(config: Config & { redis: RedisConfig }, database: Database, logger: Logger) {
  const bus = new EventBus();
  const repos = { users: new UsersRepository(database.db), roles: new RolesRepository(database.db) };
  const notifications = createNotificationsCore({ db: database.db, bus, logger, config, users: repos.users, roles: repos.roles });
  const engine = createScanEngine({
    db: database.db, dialect: database.dialect, bus, logger, scan: config.scan, dnsServers: config.dnsServers,
    notices: notifications.notifications,
  });
  const relay = new EventRelay(bus, repos.roles, config.redis, logger);
  return {
    bus,
    engine,
    relay,
    async close() {
      await notifications.outbox.stop();
      await relay.close();
    },
  };
}
