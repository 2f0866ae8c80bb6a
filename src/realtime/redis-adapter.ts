import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { closeRedis, createRedis, pingRedis, requireRedisModule, type RedisConfig } from './redis-connection.js';

/** The Redis side of a Socket.IO server: its health and its end. */
export interface RedisLink {
  status(): Promise<'ok' | 'error'>;
  close(): Promise<void>;
}

/**
 * Pub/sub channels are not scoped by the database number, so the channel prefix names it: two installations
 * sharing one Redis server on different `REDIS_DB`s never see each other's events.
 */
export const adapterKey = (config: RedisConfig) => `everyst-db${config.db}`;

const ADAPTER_COMMANDS = ['publish', 'spublish', 'psubscribe', 'subscribe', 'punsubscribe', 'unsubscribe', 'ssubscribe', 'sunsubscribe'];

/**
 * The adapter fires these commands without awaiting them; while Redis is away they reject, and an unhandled
 * rejection would end the process. Rejections are counted as the (already logged) outage instead.
 */
function tolerateOutage(client: Redis): Redis {
  const methods = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const name of ADAPTER_COMMANDS) {
    const original = methods[name].bind(client);
    methods[name] = (...args: unknown[]) => {
      const result = original(...args);
      if (result instanceof Promise) result.catch(() => undefined);
      return result;
    };
  }
  return client;
}

/**
 * Attaches the Socket.IO Redis adapter: emits, room joins, fetchSockets and disconnectSockets reach every
 * instance. Redis may be down at start or later: local sockets keep working, and the connection is retried.
 * `onRestored` runs each time the subscription comes back after an outage (events published meanwhile are lost).
 */
export function attachRedisAdapter(io: Server, config: RedisConfig, logger: Logger, onRestored?: () => void): RedisLink {
  const pub = tolerateOutage(createRedis(config, 'command', 'socket.io-pub', logger));
  const sub = tolerateOutage(createRedis(config, 'waiting', 'socket.io-sub', logger));
  let wasDown = false;
  sub.on('error', () => {
    wasDown = true;
  });
  sub.on('close', () => {
    wasDown = true;
  });
  sub.on('ready', () => {
    if (!wasDown) return;
    wasDown = false;
    onRestored?.();
  });
  const { createAdapter } = requireRedisModule('@socket.io/redis-adapter') as typeof import('@socket.io/redis-adapter');
  io.adapter(createAdapter(pub, sub, { key: adapterKey(config), requestsTimeout: 3000 }));
  return {
    status: () => pingRedis(pub),
    async close() {
      await Promise.all([closeRedis(sub), closeRedis(pub)]);
    },
  };
}
