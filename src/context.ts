import type { Logger } from 'pino';
import type { Kysely } from 'kysely';
import type { Config } from './config/config.js';
import type { Database } from './db/database.js';
import type { DB } from './db/tables.js';
import type { EventBus } from './realtime/bus.js';
import type { Authenticator } from './auth/authenticate.js';
import type { TokenSigner } from './auth/tokens.js';
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
import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './modules/metrics/metrics.service.js';
import type { AlertsService } from './modules/alerts/alerts.service.js';
import type { SecurityService } from './modules/security/security.service.js';
import type { NotificationsService } from './modules/notifications/notifications.service.js';
import type { OutboxWorker } from './modules/notifications/outbox/outbox.js';
import type { NetworkServices } from './modules/network/network.module.js';

/** Everything a module's routes and services may use; built once in app.ts. */
export interface AppContext {
  config: Config;
  logger: Logger;
  database: Database;
  db: Kysely<DB>;
  bus: EventBus;
  gateway: Gateway;
  scheduler: Scheduler;
  /** Host name of this instance (metrics.md §1). */
  host: string;
  /** The Fastify instance, for the few routes outside /api/ (Prometheus `/metrics`). */
  http: FastifyInstance;
  tokens: TokenSigner;
  authenticator: Authenticator;
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
  };
  openapi(): unknown;
  /** Functions run on shutdown, in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
}
