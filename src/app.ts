import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Config } from './config/config.js';
import { openDatabase, type Database } from './db/database.js';
import { createHttpServer } from './http/server.js';
import { registerRoutes, type RouteDef } from './http/routes.js';
import { EventBus } from './realtime/bus.js';
import { TokenSigner } from './auth/tokens.js';
import { deriveKey } from './auth/keys.js';
import { Authenticator } from './auth/authenticate.js';
import { createAccountStore } from './auth/accounts/account-store.js';
import { LoginLockout } from './auth/lockout.js';
import multipart from '@fastify/multipart';
import { ACCOUNT_COMPONENTS } from './http/schema-components.js';
import { createAuthModule } from './modules/auth/auth.module.js';
import { createUsersModule } from './modules/users/users.module.js';
import { createRolesModule } from './modules/roles/roles.module.js';
import { createMetaModule } from './modules/meta/meta.module.js';
import type { AppContext } from './context.js';
import type { Module } from './modules/module.js';
import { createHealthModule } from './modules/health/health.module.js';
import { createLogger } from './logger.js';
import { VERSION } from './version.js';
import { Gateway } from './realtime/gateway.js';
import { Scheduler } from './jobs/scheduler.js';
import { JobLocks } from './jobs/job-locks.js';
import { hostname } from 'node:os';
import { ToolsService } from './modules/tools/tools.service.js';
import { toolsRoutes } from './modules/tools/tools.routes.js';
import { webRootHandler } from './http/web-root.js';
import { builtInDashboard } from './dashboard.js';
import { MetricsService } from './modules/metrics/metrics.service.js';
import { metricsModule } from './modules/metrics/metrics.module.js';
import { AlertsService } from './modules/alerts/alerts.service.js';
import { alertsModule } from './modules/alerts/alerts.module.js';
import { createNotificationServices, setupNotifications } from './modules/notifications/notifications.module.js';
import { notificationsRoutes } from './modules/notifications/notifications.routes.js';
import { integrationsRoutes } from './modules/integrations/integrations.routes.js';
import { createNetworkServices } from './modules/network/network.services.js';
import { networkModule } from './modules/network/network.module.js';
import { createSecurityService, securityModule } from './modules/security/security.module.js';
import { StorageState } from './runtime/storage-full.js';
import { dirname } from 'node:path';

export interface App {
  http: FastifyInstance;
  ctx: AppContext;
  /** Listens on the configured host and port; returns the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Every module: its routes, and optionally its socket events, jobs and connect hooks (registered through ctx).
 * Each module owns its folder; this list is the only place that names them all.
 */
const MODULES: Array<{ routes?: (ctx: AppContext) => RouteDef[]; setup?: (ctx: AppContext) => void }> = [
  { routes: toolsRoutes },
  metricsModule,
  alertsModule,
  { routes: notificationsRoutes, setup: setupNotifications },
  { routes: integrationsRoutes },
  networkModule,
  securityModule,
];

/** Composition root: builds database, services, HTTP and realtime. No side effects at import. */
export async function buildApp(config: Config, opts: { logger?: Logger; database?: Database } = {}): Promise<App> {
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
      info: { title: 'Everyst API', version: VERSION, description: 'Self-hosted server and network monitoring' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: false });
  await app.register(multipart, { limits: { fileSize: config.uploadMaxBytes } });

  for (const component of ACCOUNT_COMPONENTS) app.addSchema(component);
  const lockout = new LoginLockout(config, repos.loginAttempts);
  const metaModule = createMetaModule({ trustProxy: config.trustProxy, openapi: () => app.swagger() });
  const usersModule = createUsersModule({ db: database.db, bus, accounts: repos, lockout, config });
  const rolesModule = createRolesModule({ roles: repos.roles });
  const authModule = createAuthModule({
    config, tokens, accounts: repos, lockout, bus, users: usersModule.service,
    authenticate: (token) => authenticator.fromToken(token), trustProxy: config.trustProxy,
  });
  const services = {
    auth: authModule.service,
    users: usersModule.service,
    roles: rolesModule.service,
    profileImages: usersModule.service.images,
    metrics: new MetricsService(config, database.db, hostname().slice(0, 64), { logger }),
    alerts: new AlertsService(database.db, bus, hostname().slice(0, 64), logger),
    security: createSecurityService(config, database.db, hostname().slice(0, 64), logger),
    ...createNotificationServices(config, database.db, repos, bus, logger),
    network: createNetworkServices(config, database, bus, logger),
    tools: new ToolsService({
      limits: config.tools, whoisEnabled: config.tools.whoisEnabled, dnsServers: config.dnsServers ?? undefined,
      allowedNetworks: config.scan.allowedNetworks ?? undefined,
      logger: logger.child({ component: 'tools' }),
    }),
  };

  const gateway = new Gateway(app.server, config, authenticator, repos.roles, bus, logger, onStorageFull);
  const scheduler = new Scheduler(new JobLocks(database.db, config.instanceName), logger);
  const ctx: AppContext = {
    config, logger, database, db: database.db, bus, gateway, scheduler, host: hostname().slice(0, 64),
    tokens, authenticator, repos, services,
    http: app,
    openapi: () => app.swagger(),
    onClose: (fn) => closers.push(fn),
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
    workers: async () => (services.network.workers ? services.network.workers.readiness() : null),
  }));
  install(metaModule);
  install(authModule);
  install(usersModule);
  install(rolesModule);
  for (const module of MODULES) {
    module.setup?.(ctx);
    if (module.routes) registerRoutes(app, module.routes(ctx));
  }
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
