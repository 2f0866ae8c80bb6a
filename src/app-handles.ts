import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Database } from './db/database.js';
import type { DB } from './db/tables.js';
import type { EventBus } from './realtime/bus.js';
import type { UsersRepository } from './auth/accounts/users.repository.js';
import type { RolesRepository } from './auth/accounts/roles.repository.js';
import type { SessionsRepository } from './auth/accounts/sessions.repository.js';
import type { LoginAttemptsRepository } from './auth/accounts/login-attempts.repository.js';
import type { ChangeCounters } from './db/change-counter.js';
import type { AuthService } from './modules/auth/auth.service.js';
import type { UsersService } from './modules/users/users.service.js';
import type { RolesService } from './modules/roles/roles.service.js';
import type { ProfileImages } from './modules/users/profile-images.js';
import type { Gateway } from './realtime/gateway.js';
import type { Scheduler } from './jobs/scheduler.js';
import type { MetricsService } from './modules/metrics/metrics.service.js';
import type { AlertsService } from './modules/alerts/alerts.service.js';
import type { SecurityService } from './modules/security/security.service.js';
import type { NotificationsService } from './modules/notifications/notifications.service.js';
import type { OutboxWorker } from './modules/notifications/outbox/outbox.js';
import type { NetworkServices } from './modules/network/network.module.js';
import type { MonitorsModuleService } from './modules/monitors/monitors.module.js';
import type { AgentsService } from './modules/agents/agents.service.js';

/**
 * What a built app exposes to the code that drives it from outside: tests, benchmarks, the CLI. No module sees this:
 * modules get their typed deps from app.ts.
 */
export interface AppHandles {
  logger: Logger;
  database: Database;
  db: Kysely<DB>;
  bus: EventBus;
  gateway: Gateway;
  scheduler: Scheduler;
  /** Host name of this instance (metrics.md §1). */
  host: string;
  repos: {
    users: UsersRepository;
    roles: RolesRepository;
    sessions: SessionsRepository;
    loginAttempts: LoginAttemptsRepository;
    changeCounters: ChangeCounters;
  };
  services: {
    auth: AuthService;
    users: UsersService;
    roles: RolesService;
    profileImages: ProfileImages;
    metrics: MetricsService;
    alerts: AlertsService;
    security: SecurityService;
    notifications: NotificationsService;
    outbox: OutboxWorker;
    network: NetworkServices;
    monitors: MonitorsModuleService;
    agents: AgentsService;
  };
}
