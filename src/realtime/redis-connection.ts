import { createRequire } from 'node:module';
import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';

/**
 * Redis libraries are loaded only when REDIS_HOST is set (a single-instance install never pays their ≈70 MB and
 * half a second of start-up), and through require so that ioredis, BullMQ and the adapter share one ioredis.
 */
export const requireRedisModule = createRequire(import.meta.url);

export type RedisConfig = NonNullable<Config['redis']>;

/** How a connection behaves while Redis is away. */
export type RedisRole =
  /** Commands fail at once (readiness, publishing, registry reads): nothing waits for Redis. */
  | 'command'
  /** Commands wait for the connection (subscriptions, BullMQ workers' blocking reads). */
  | 'waiting';

const MAX_RETRY_DELAY_MS = 2000;

/**
 * An ioredis connection that retries forever (config.md §7: "the connection is retried") and logs the loss and
 * the return of Redis once each, not every retry.
 */
export function createRedis(config: RedisConfig, role: RedisRole, name: string, logger: Logger): Redis {
  const options: RedisOptions = {
    host: config.host,
    port: config.port,
    db: config.db,
    password: config.password ?? undefined,
    connectionName: `everyst:${name}`,
    retryStrategy: (attempt) => Math.min(attempt * 200, MAX_RETRY_DELAY_MS),
    ...(role === 'command' ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
  };
  const client = new (requireRedisModule('ioredis') as typeof import('ioredis')).Redis(options);
  let lost = false;
  client.on('error', (err: Error) => {
    if (lost) return;
    lost = true;
    logger.warn({ err: err.message, redis: `${config.host}:${config.port}`, connection: name }, 'Redis unreachable; retrying');
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    logger.info({ redis: `${config.host}:${config.port}`, connection: name }, 'Redis connection restored');
  });
  return client;
}

/** Resolves 'ok' when Redis answers PING within `timeoutMs`, else 'error'. */
export async function pingRedis(client: Redis, timeoutMs = 1000): Promise<'ok' | 'error'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'error'>((resolve) => {
    timer = setTimeout(() => resolve('error'), timeoutMs);
  });
  try {
    return await Promise.race([client.ping().then(() => 'ok' as const, () => 'error' as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Closes after the commands already sent are answered; a Redis that is away is not waited for. */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }
  client.disconnect(false);
}
