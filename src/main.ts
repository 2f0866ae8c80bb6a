import { buildApp, type App } from './app.js';
import { loadConfig, ConfigError, type Config } from './config/config.js';
import { maskDatabaseUrl } from './config/database-url.js';
import { openDatabase, isConnectionError, type Database } from './db/database.js';
import type { Logger } from 'pino';
import { createLogger } from './logger.js';
import { stopOnSignals } from './runtime/signals.js';
import { nodeSupportProblem } from './runtime/node-support.js';
import { adoptChildRecord } from './system/process/index.js';
import { cannotWrite, isStorageFull } from './runtime/storage-full.js';
import { networkInterfaces } from 'node:os';
import { listenUrls, startBanner } from './runtime/banner.js';
import { recordRunningServer } from './runtime/server-record.js';
import { prettyLogs } from './logger.js';

/** Exit status for invalid configuration (EX_CONFIG), config.md §1. */
export const EXIT_CONFIG = 78;

export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      for (const line of e.problems) process.stderr.write(line + '\n');
      process.exit(EXIT_CONFIG);
    }
    throw e;
  }
}

/** Opens and migrates the database, retrying an unreachable one for 30 s (config.md DATABASE_URL). */
export async function openDatabaseWithRetry(config: Config, onWait?: (message: string) => void): Promise<Database> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const database = openDatabase(config.database);
    try {
      await database.ping(5000);
      return database;
    } catch (e) {
      await database.close().catch(() => undefined);
      if (!isConnectionError(e) || Date.now() > deadline) {
        process.stderr.write(`Cannot reach the database at DATABASE_URL=${maskDatabaseUrl(config.database)}: ${(e as Error).message}\n`);
        process.exit(1);
      }
      onWait?.('database unreachable, retrying');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Children (nmap, fping…) left running by a server or worker of this data directory that was killed. */
export function reapLeftovers(config: Config, logger: Logger): void {
  try {
    const reaped = adoptChildRecord(config.dataDir);
    if (reaped.length > 0) logger.warn({ reaped }, 'ended child processes left running by an earlier process');
  } catch (e) {
    logger.warn({ err: e }, 'cannot record child processes in the data directory');
  }
}

export async function serve(): Promise<App> {
  const config = loadConfigOrExit();
  const logger = createLogger(config);
  const runtimeProblem = nodeSupportProblem(process.version);
  if (runtimeProblem) logger.warn(runtimeProblem);
  reapLeftovers(config, logger);
  let app: App;
  try {
    app = await buildApp(config, { logger, database: await openDatabaseWithRetry(config, (m) => logger.warn(m)) });
  } catch (e) {
    // The driver's "database or disk is full" names no file.
    if (!isStorageFull(e)) throw e;
    throw cannotWrite(config.database.kind === 'sqlite' ? config.database.path : `the database at DATABASE_URL=${maskDatabaseUrl(config.database)}`, e);
  }
  const port = await app.listen();
  const bound = app.http.server.address();
  const urls = listenUrls(typeof bound === 'object' && bound ? bound.address : config.apiHost, port, Boolean(config.tls), networkInterfaces());
  logger.info({
    listen: urls[0],
    urls,
    port,
    dataDir: config.dataDir,
    database: config.database.kind,
    databaseUrl: maskDatabaseUrl(config.database),
    redis: config.redis ? `${config.redis.host}:${config.redis.port}` : 'not used',
    webRoot: config.webRoot ?? 'built-in dashboard',
  }, `Everyst listening on port ${port}`);
  logger.flush();
  try {
    recordRunningServer(config.dataDir, { database: maskDatabaseUrl(config.database), urls });
  } catch (e) {
    // A full disk must not stop the server; restore then relies on SQLite's lock alone.
    logger.warn({ err: e }, 'cannot record the running server in the data directory');
  }
  if (prettyLogs(config.logFormat)) await printBanner(config, app, urls);

  stopOnSignals(logger, 'shutting down: finishing in-flight requests', () => app.close());
  return app;
}

/** The start-up banner for a person at a terminal (LOG_FORMAT auto on a TTY, or pretty). */
async function printBanner(config: Config, app: App, urls: string[]): Promise<void> {
  const { VERSION } = await import('./version.js');
  const db = config.database;
  const noAccountYet = !(await app.ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst());
  process.stdout.write(startBanner({
    version: VERSION,
    urls,
    dataDir: config.dataDir,
    database: db.kind === 'sqlite' ? `SQLite (${db.path})` : `PostgreSQL (${maskDatabaseUrl(db)})`,
    noAccountYet,
  }, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR));
}
