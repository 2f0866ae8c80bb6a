import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config/config.js';
import { openDatabase, type Database } from './db/database.js';
import { createHttpServer } from './http/server.js';
import { registerRoutes } from './http/routes.js';
import { EventBus } from './realtime/bus.js';
import { TokenSigner } from './auth/tokens.js';
import { deriveKey } from './auth/keys.js';
import { Authenticator } from './auth/authenticate.js';
import { createAccountStore } from './auth/accounts/account-store.js';
import { LoginLockout } from './auth/lockout.js';
import multipart from '@fastify/multipart';
import { createAuthModule } from './modules/auth/auth.module.js';
import { createUsersModule } from './modules/users/users.module.js';
import { createRolesModule } from './modules/roles/roles.module.js';
import { createMetaModule } from './modules/meta/meta.module.js';
import type { AppHandles } from './app-handles.js';
import type { Module } from './modules/module.js';
import { createHealthModule } from './modules/health/health.module.js';
import { createLogger } from './logger.js';
import { VERSION } from './version.js';
import { Gateway } from './realtime/gateway.js';
import { Scheduler } from './jobs/scheduler.js';
import { JobLocks } from './jobs/job-locks.js';
import { hostname } from 'node:os';
import { createToolsModule } from './modules/tools/tools.module.js';
import { registerSchemaComponents } from './http/schema-components.js';
import { webRootHandler } from './http/web-root.js';
import { builtInDashboard } from './dashboard.js';
import { createMetricsModule } from './modules/metrics/metrics.module.js';
import { createAlertReads, createAlertsModule } from './modules/alerts/alerts.module.js';
import { createNotificationsModule } from './modules/notifications/notifications.module.js';
import { createNetworkModule } from './modules/network/network.module.js';
import { createSecurityModule } from './modules/security/security.module.js';
import { securitySettings } from './modules/security/security-context.js';
import { StorageState } from './runtime/storage-full.js';
import { dirname } from 'node:path';
import { createMonitorsModule } from './modules/monitors/monitors.module.js';
import { secretBoxFor } from './crypto/secrets.js';
import { workerChecksFor } from './worker/monitor-dispatch.js';
import { createAgentsModule } from './modules/agents/agents.module.js';
import { AGENTS_NAMESPACE } from './modules/agents/agents.socket.js';

export interface App {
  http: FastifyInstance;
  /** For tests, benchmarks and the CLI (app-handles.ts). */
  ctx: AppHandles;
  /** Listens on the configured host and port; returns the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/** The `info.description` of the OpenAPI document: how to try the API from /api/docs/ (docs/api.md). */
const API_DESCRIPTION = [
  'Self-hosted server and network monitoring.',
  '',
  '**Trying requests here.** Every route but the public ones needs an access token:',
  '1. `POST /api/auth/login/` (tag *auth*, "Try it out") with `{"username": "…", "password": "…"}`;',
  '   on a new installation create the first account first with `POST /api/auth/register/`.',
  '2. Copy the `access` value of the answer, press **Authorize** and paste it (without `Bearer `).',
  '3. Every request tried from this page now carries `Authorization: Bearer <access>`; the page remembers the',
  '   token across reloads until you log out there. An expired token (401) is renewed with `POST /api/auth/refresh/`.',
  '',
  'What a token may do follows its user\'s role (`GET /api/roles/`); a route the role does not allow answers 403.',
  'Errors are `{"detail", "code"}`, validation errors add `{"<field>": ["message"]}`. The same document as JSON: `GET /api/schema/`.',
].join('\n');

/** One tag per domain, in the order the documentation page lists them. */
const API_TAGS = [
  { name: 'meta', description: 'Health, readiness, the API root and this document.' },
  { name: 'auth', description: 'First run, registration, login, token refresh and logout.' },
  { name: 'users', description: 'Accounts, profiles, passwords and profile images.' },
  { name: 'roles', description: 'Roles and their permission flags.' },
  { name: 'metrics', description: 'System metrics: current values, history and the dashboard.' },
  { name: 'alerts', description: 'Alerts and the rules that raise them.' },
  { name: 'notifications', description: 'In-app notifications, preferences and deliveries.' },
  { name: 'integrations', description: 'SMTP settings and webhooks.' },
  { name: 'network', description: 'Devices, connections, scans and the topology of the local networks.' },
  { name: 'agents', description: 'Agents on other hosts: their registry and tokens (their metrics are under metrics, by host).' },
  { name: 'monitors', description: 'Uptime monitors, their heartbeats and uptime, maintenance windows and status pages.' },
  { name: 'public', description: 'What published status pages and badges show without signing in.' },
  { name: 'security', description: 'The security status of the server and its checks.' },
  { name: 'tools', description: 'Network diagnostic tools (ping, nmap, dig, nslookup, traceroute, whois, ssl-check, netstat, ip route, tcpdump): each answers the text of the Linux command.' },
];

export interface BuildOptions {
  logger?: Logger;
  database?: Database;
  /** Tests: the clock scan schedules read and how often they are checked (network.module.ts). */
  scanSchedules?: { clock?: () => Date; checkEveryMs?: number };
}

/** Composition root: builds database, services, HTTP and realtime. No side effects at import. */
export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const logger = opts.logger ?? createLogger(config);
  const database = opts.database ?? openDatabase(config.database);
  await database.migrate();
  const closers: Array<() => Promise<void> | void> = [];

  const repos = createAccountStore(database.db);
  const bus = new EventBus();
  const tokens = new TokenSigner(deriveKey(config.secretKey, 'everyst jwt v1'));
  const authenticator = new Authenticator(tokens, repos.users, repos.sessions, repos.changeCounters);

  const sqliteFile = config.database.kind === 'sqlite' && config.database.path !== ':memory:' ? config.database.path : null;
  const storage = new StorageState([...new Set([config.dataDir, ...(sqliteFile ? [dirname(sqliteFile)] : [])])]);
  const onStorageFull = (error: unknown) => storage.report(error);

  const webRoot = config.webRoot ?? builtInDashboard();
  const { app, beginShutdown } = createHttpServer({
    config, logger, authenticate: (request) => authenticator.fromRequest(request),
    fallback: webRoot ? webRootHandler(webRoot) : undefined, onStorageFull,
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Everyst API', version: VERSION, description: API_DESCRIPTION },
      tags: API_TAGS,
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The `access` token of `POST /api/auth/login/`, without the `Bearer ` prefix.' },
        },
      },
      security: [{ bearer: [] }],
    },
    // Shared components (http/schema-components.ts) keep their $id as their name in the document.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
  });
  // Authorize once with the access token; the page keeps it across reloads (persistAuthorization).
  await app.register(swaggerUi, {
    routePrefix: '/api/docs', staticCSP: false,
    uiConfig: { persistAuthorization: true, tryItOutEnabled: true, displayRequestDuration: true, docExpansion: 'list', filter: true },
  });
  registerSchemaComponents(app);
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes } });

  const lockout = new LoginLockout(config, repos.loginAttempts);
  const usersModule = createUsersModule({ db: database.db, bus, accounts: repos, lockout, config });
  const rolesModule = createRolesModule({ roles: repos.roles });
  const authModule = createAuthModule({
    config, tokens, accounts: repos, lockout, bus, users: usersModule.service,
    authenticate: (token) => authenticator.fromToken(token), trustProxy: config.trustProxy,
  });
  const notificationsModule = createNotificationsModule({
    db: database.db, bus, logger, config, users: repos.users, roles: repos.roles, changeCounters: repos.changeCounters, authenticator,
  });
  const services = {
    auth: authModule.service,
    users: usersModule.service,
    roles: rolesModule.service,
    profileImages: usersModule.service.images,
    notifications: notificationsModule.service,
    outbox: notificationsModule.outbox,
  };

  const network = createNetworkModule({
    db: database.db, dialect: database.dialect, bus, logger, scan: config.scan, dnsServers: config.dnsServers,
    instanceName: config.instanceName, redis: config.redis, useWorkers: config.scanUseWorkers, trustProxy: config.trustProxy,
    notices: services.notifications, clock: opts.scanSchedules?.clock, scheduleCheckMs: opts.scanSchedules?.checkEveryMs,
  });

  const gateway = new Gateway(app.server, config, authenticator, repos.roles, bus, logger, onStorageFull);
  const scheduler = new Scheduler(new JobLocks(database.db, config.instanceName), logger);
  const host = hostname().slice(0, 64);
  const securityModule = createSecurityModule({
    db: database.db, bus, host, logger, accounts: repos,
    config: { security: securitySettings(config), trustProxy: config.trustProxy },
    notifications: notificationsModule.service,
    boundPort: () => {
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : null;
    },
  });
  const monitorsModule = createMonitorsModule({
    db: database.db, dialect: database.dialect, bus, logger, notices: services.notifications, secrets: secretBoxFor(config.secretKey),
    devices: {
      exists: async (id) => (await network.service.devices.find(id).catch(() => null)) !== null,
      presence: async (id) => {
        const device = await network.service.devices.find(id).catch(() => null);
        return device && { online: device.status === 'online', lastSeen: device.lastSeen };
      },
    },
    config: { dnsServers: config.dnsServers ?? [], trustProxy: config.trustProxy, ...config.monitors },
    lease: database.dialect === 'postgres' ? new JobLocks(database.db, config.instanceName) : null,
    workerChecks: config.scanUseWorkers && config.redis ? workerChecksFor(config.redis, config.dnsServers ?? [], logger) : null,
  });
  // The metrics dashboard shows data of the alerts, network and security modules and of the account store. Network
  // and security do not depend on the metrics, so they are built before it and answer through their services. The
  // alerts module does (its evaluation job reads `metrics.reading()`), so the metrics get the alerts' read side,
  // built on its own here from the alerts module's `createAlertReads`: no module is completed after construction.
  // Agents come before the metrics: the metrics list their hosts and keep their history from `agentSample`.
  const agentsModule = createAgentsModule({
    db: database.db, bus, logger, notices: services.notifications, namespace: gateway.io.of(AGENTS_NAMESPACE),
    config: { offlineAfterSeconds: config.agents.offlineAfterSeconds, trustProxy: config.trustProxy },
  });
  const alertReads = createAlertReads(database.db);
  const metricsModule = createMetricsModule({
    db: database.db, bus, host, logger,
    config: { metrics: config.metrics, prometheus: config.prometheus, trustProxy: config.trustProxy },
    socketConnections: () => gateway.io.of('/').sockets.size,
    agents: agentsModule.service,
    facts: {
      openAlerts: (limit) => alertReads.openSummaries(limit),
      hasOpenAlert: (severity) => alertReads.hasOpen(severity),
      openAlertsBySeverity: () => alertReads.openCountsBySeverity(),
      lockoutsSince: (sinceIso, limit) => repos.loginAttempts.lockoutTimesSince(sinceIso, limit),
      lastCompletedScan: () => network.service.scans.lastCompletedAt(),
      devicesByStatus: () => network.service.devices.countByStatus(),
      latestSecurityStatus: (of) => securityModule.service.storedStatus(of),
      monitorFamilies: () => monitorsModule.service.prometheus(),
    },
  });
  const alertsModule = createAlertsModule({
    db: database.db, bus, notifications: notificationsModule.service, metrics: metricsModule.service, agents: agentsModule.service, host, logger, config,
  });
  const ctx: AppHandles = {
    logger, database, db: database.db, bus, gateway, scheduler, host, repos,
    services: { ...services, metrics: metricsModule.service, alerts: alertsModule.service, security: securityModule.service, network: network.service, monitors: monitorsModule.service, agents: agentsModule.service },
  };

  /** Registers every part a module contributes (modules/module.ts). */
  const install = <S>(module: Module<S>): S => {
    if (module.routes) registerRoutes(app, [...module.routes]);
    for (const [event, handler] of Object.entries(module.socketEvents ?? {})) gateway.on(event, handler);
    if (module.onSocketConnect) gateway.onConnect(module.onSocketConnect);
    for (const job of module.jobs ?? []) scheduler.every(job.name, job.everyMs, job.run, job);
    if (module.onReady) app.addHook('onReady', module.onReady);
    if (module.onClose) closers.push(module.onClose);
    return module.service;
  };

  install(createHealthModule({
    pingDatabase: (timeoutMs) => database.ping(timeoutMs),
    storageFull: () => storage.isFull(),
    redisStatus: () => gateway.redisStatus(),
    workers: async () => (network.service.workers ? network.service.workers.readiness() : null),
  }));
  install(createMetaModule({ trustProxy: config.trustProxy, openapi: () => app.swagger() }));
  install(authModule);
  install(usersModule);
  install(rolesModule);
  install(createToolsModule({
    config: config.tools, dnsServers: config.dnsServers, allowedNetworks: config.scan.allowedNetworks,
    logger: logger.child({ component: 'tools' }),
  }));
  install(notificationsModule);
  install(metricsModule);
  metricsModule.registerRootRoutes(app);
  install(alertsModule);
  install(securityModule);
  install(network);
  install(monitorsModule);
  install(agentsModule);
  await app.ready();

  let closed = false;
  return {
    http: app,
    ctx,
    async listen() {
      try {
        await app.listen({ host: config.apiHost, port: config.apiPort });
      } catch (e) {
        const code = (e as { code?: string }).code;
        // `::` on a host without IPv6: every IPv4 address instead (config.md API_HOST).
        if (config.apiHost !== '::' || (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL')) throw e;
        await app.listen({ host: '0.0.0.0', port: config.apiPort });
      }
      scheduler.start();
      const address = app.server.address();
      return typeof address === 'object' && address ? address.port : config.apiPort;
    },
    async close() {
      if (closed) return;
      closed = true;
      beginShutdown();
      await scheduler.stop();
      // Modules end their work first (running scans say "Server shutting down"), while sockets still listen.
      for (const fn of closers.reverse()) await fn();
      await gateway.close();
      await app.close();
      await database.close();
    },
  };
}
