import { EXIT_CONFIG, loadConfigOrExit, openDatabaseWithRetry, reapLeftovers } from '../main.js';
import { createLogger } from '../logger.js';
import { maskDatabaseUrl } from '../config/database-url.js';
import { stopOnSignals } from '../runtime/signals.js';
import { ScanWorker, type ScanWorkerOptions } from './scan-worker.js';

/** `everyst worker`: runs until SIGTERM/SIGINT, then drains (config.md §7, scanner.md §10). */
export async function runWorker(options: ScanWorkerOptions = {}): Promise<number | undefined> {
  const config = loadConfigOrExit();
  const redis = config.redis;
  if (!redis) {
    process.stderr.write('everyst worker needs REDIS_HOST: scan jobs and events travel through Redis (config.md §7).\n');
    return EXIT_CONFIG;
  }
  const logger = createLogger(config);
  reapLeftovers(config, logger);
  const database = await openDatabaseWithRetry(config, (m) => logger.warn(m));
  await database.migrate();
  const worker = new ScanWorker({ ...config, redis }, database, logger, options);
  worker.start();
  logger.info({ database: maskDatabaseUrl(config.database), redis: `${redis.host}:${redis.port}` }, 'worker connected');

  stopOnSignals(logger, 'stopping: no new scans; running ones finish or are released', () => worker.stop());
  return undefined;
}
