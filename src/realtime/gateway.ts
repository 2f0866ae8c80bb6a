import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { hostHeaderCount, isHostAllowed } from '../config/hosts.js';
import { DomainError } from '../errors.js';
import type { Authenticator } from '../auth/authenticate.js';
import type { Principal } from '../auth/permissions.js';
import type { RolesRepository } from '../auth/accounts/roles.repository.js';
import type { EventBus } from './bus.js';
import { emitToAudience } from './audience.js';
import { attachRedisAdapter, type RedisLink } from './redis-adapter.js';
import { isCrossOriginSocketAllowed, isHandshakeOriginAllowed } from './handshake-origin.js';
import { dispatch, EventRateLimiter, type EventHandler } from './socket-rpc.js';

export interface SocketIdentity { userId: number; sessionId: string; role: string }
export type ConnectHook = (socket: Socket, principal: Principal) => void | Promise<void>;

const REFUSALS: Record<string, [message: string, code: string]> = {
  not_authenticated: ['Authentication required', 'not_authenticated'],
  user_inactive: ['User is inactive', 'user_inactive'],
};

function refusal(code: string): Error {
  const [message, dataCode] = REFUSALS[code] ?? ['Invalid token', 'token_not_valid'];
  return Object.assign(new Error(message), { data: { detail: message, code: dataCode } });
}

function handshakeToken(socket: Socket): string | null {
  const strip = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().replace(/^Bearer\s+/i, '') : null);
  const header = socket.handshake.headers.authorization;
  return strip(socket.handshake.auth?.token) ?? strip(socket.handshake.query?.token) ?? strip(typeof header === 'string' ? header : null);
}

/** Socket.IO on the API's port: handshake auth, rooms, the event dispatcher, bus → clients, revocation. */
export class Gateway {
  readonly io: Server;
  /** The Redis adapter when REDIS_HOST is set: emits and room operations reach every instance. */
  private readonly redis: RedisLink | null;
  private readonly handlers = new Map<string, EventHandler>();
  private readonly connectHooks: ConnectHook[] = [];

  constructor(
    httpServer: HttpServer,
    private readonly config: Config,
    private readonly authenticator: Authenticator,
    private readonly roles: RolesRepository,
    private readonly bus: EventBus,
    private readonly logger: Logger,
    /** Hears of every event whose write failed for lack of space. */
    private readonly onStorageFull?: (error: unknown) => void,
  ) {
    this.io = new Server(httpServer, {
      path: '/socket.io/',
      transports: ['polling', 'websocket'],
      pingInterval: 25_000,
      pingTimeout: 20_000,
      maxHttpBufferSize: 1_000_000,
      serveClient: false,
      cors: {
        origin: (origin, callback) => callback(null, isCrossOriginSocketAllowed(config, origin) ? origin : false),
        credentials: config.cors.allowCredentials,
      },
      // Refused here, before an Engine.IO session exists: 403 {"code":4,"message":…} on polling and on the upgrade.
      allowRequest: (req, callback) => {
        if (!isHostAllowed(config.allowedHosts, req.headers.host) || hostHeaderCount(req.rawHeaders) > 1) callback(null, false);
        else if (!isHandshakeOriginAllowed(config, req)) callback('Origin not allowed', false);
        else callback(null, true);
      },
    });
    this.redis = config.redis ? attachRedisAdapter(this.io, config.redis, logger, () => void this.revalidateLocal()) : null;
    this.io.use((socket, next) => {
      this.authenticateSocket(socket).then(() => next(), (e: unknown) => next(e as Error));
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    bus.on('client', (e) => void emitToAudience(this.io, roles, e.event, e.payload, e.audience)
      .catch((err: unknown) => logger.error({ err }, 'socket delivery failed')));
    bus.on('sessionsRevoked', (e) => this.revoke(e.userId, e.sessionIds, e.reason));
    bus.on('userRoleChanged', (e) => void this.moveRole(e.userId, e.role).catch((err: unknown) => logger.error({ err }, 'moving sockets to a new role failed')));
  }

  /** Registers the handler of a client → server event (each domain registers its own). */
  on(event: string, handler: EventHandler): void {
    if (this.handlers.has(event)) throw new Error(`socket event ${event} registered twice`);
    this.handlers.set(event, handler);
  }

  /** Runs for every accepted socket after it joined its rooms (e.g. metrics subscription). */
  onConnect(hook: ConnectHook): void {
    this.connectHooks.push(hook);
  }

  events(): string[] {
    return [...this.handlers.keys()];
  }

  private async authenticateSocket(socket: Socket): Promise<void> {
    const token = handshakeToken(socket);
    if (!token) throw refusal('not_authenticated');
    try {
      const principal = await this.authenticator.fromToken(token);
      socket.data.identity = { userId: principal.userId, sessionId: principal.sessionId, role: principal.role.name } satisfies SocketIdentity;
      socket.data.principal = principal;
    } catch (e) {
      throw refusal(e instanceof DomainError ? e.code : 'token_not_valid');
    }
  }

  private onConnection(socket: Socket): void {
    const identity = socket.data.identity as SocketIdentity;
    void socket.join([`user:${identity.userId}`, `role:${identity.role}`, `session:${identity.sessionId}`]);
    const limiter = new EventRateLimiter();
    const load = () => {
      const id = socket.data.identity as SocketIdentity;
      return this.authenticator.fromSession(id.userId, id.sessionId);
    };
    socket.onAny((event: string, ...args: unknown[]) => {
      void dispatch(this.handlers, load, socket, limiter, this.logger, event, args, this.onStorageFull);
    });
    for (const hook of this.connectHooks) {
      Promise.resolve(hook(socket, socket.data.principal as Principal)).catch((err: unknown) => this.logger.error({ err }, 'socket connect hook failed'));
    }
  }

  /**
   * The Redis adapter applies a room operation to this instance's sockets only when Redis echoes it back, so each
   * one is also done locally at once (a repeat is harmless): revocations and role moves never wait for Redis.
   */
  private revoke(userId: number, sessionIds: string[] | 'all', reason: string): void {
    const rooms = sessionIds === 'all' ? [`user:${userId}`] : sessionIds.map((id) => `session:${id}`);
    if (!rooms.length) return;
    this.io.to(rooms).emit('session_revoked', { detail: 'Session revoked', reason });
    this.io.local.in(rooms).disconnectSockets(true);
    this.io.in(rooms).disconnectSockets(true);
  }

  /** Broadcast room changes, not fetchSockets: no instance waits for the answers of all the others. */
  private async moveRole(userId: number, role: string): Promise<void> {
    const target = `role:${role}`;
    const others = (await this.roles.list()).map((r) => `role:${r.name}`).filter((room) => room !== target);
    for (const scope of [this.io.local, this.io]) {
      scope.in(`user:${userId}`).socketsLeave(others);
      scope.in(`user:${userId}`).socketsJoin(target);
    }
    for (const socket of this.io.of('/').sockets.values()) {
      const id = socket.data.identity as SocketIdentity | undefined;
      if (id?.userId === userId) id.role = role;
    }
  }

  /**
   * After a Redis outage: revocations and role moves published meanwhile never arrived, so this instance checks
   * its own sockets' sessions, users and roles again.
   */
  private async revalidateLocal(): Promise<void> {
    for (const socket of this.io.of('/').sockets.values()) {
      const id = socket.data.identity as SocketIdentity | undefined;
      if (!id) continue;
      try {
        const { role } = await this.authenticator.fromSession(id.userId, id.sessionId);
        if (role.name !== id.role) {
          for (const room of socket.rooms) if (room.startsWith('role:')) void socket.leave(room);
          void socket.join(`role:${role.name}`);
          id.role = role.name;
        }
      } catch (error) {
        if (!(error instanceof DomainError)) continue;
        socket.emit('session_revoked', { detail: 'Session revoked', reason: 'session_revoked' });
        socket.disconnect(true);
      }
    }
  }

  /** 'disabled' without REDIS_HOST. */
  async redisStatus(): Promise<'ok' | 'error' | 'disabled'> {
    return this.redis ? this.redis.status() : 'disabled';
  }

  async close(): Promise<void> {
    // Not io.close(): that would also close the HTTP server, which Fastify owns and closes itself. Not
    // disconnectSockets either: a client told `io server disconnect` never retries. Closing the transports
    // (this instance's only) is a `transport close` to the client, which reconnects once a server is back.
    this.io.engine.close();
    await this.redis?.close();
  }
}
