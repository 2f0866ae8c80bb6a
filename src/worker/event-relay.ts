import type { Logger } from 'pino';
import { Server } from 'socket.io';
import type { RolesRepository } from '../auth/accounts/roles.repository.js';
import { emitToAudience } from '../realtime/audience.js';
import type { ClientEvent, EventBus } from '../realtime/bus.js';
import { attachRedisAdapter, type RedisLink } from '../realtime/redis-adapter.js';
import type { RedisConfig } from '../realtime/redis-connection.js';

/**
 * A worker has no sockets of its own: a Socket.IO Server without an HTTP side, on the Redis adapter, carries its
 * `client` events (scan progress, network updates, notifications) to the sockets of every API instance.
 */
export class EventRelay {
  private readonly io = new Server({ serveClient: false });
  private readonly redis: RedisLink;
  private readonly listener = (e: ClientEvent) => {
    emitToAudience(this.io, this.roles, e.event, e.payload, e.audience)
      .catch((err: unknown) => this.logger.error({ err, event: e.event }, 'event relay failed'));
  };

  constructor(private readonly bus: EventBus, private readonly roles: RolesRepository, redis: RedisConfig, private readonly logger: Logger) {
    this.redis = attachRedisAdapter(this.io, redis, logger);
    bus.on('client', this.listener);
  }

  status(): Promise<'ok' | 'error'> {
    return this.redis.status();
  }

  async close(): Promise<void> {
    this.bus.off('client', this.listener);
    await this.redis.close();
  }
}
