import { EventEmitter } from 'node:events';
import type { ServerEventName, ServerEvents } from './events.js';
import type { PermissionFlag } from '../auth/permissions.js';
import type { ChannelEvent } from './channel-events.js';
import type { MetricsSnapshot } from '../system/metrics/snapshot.js';

/**
 * In-process domain events. Services emit here; only the realtime gateway (and the Redis fan-out) knows
 * Socket.IO. Each event names who receives it, so the gateway never decides visibility by itself.
 */
export type Audience =
  | { kind: 'all' }
  | { kind: 'user'; userId: number }
  | { kind: 'users'; userIds: number[] }
  | { kind: 'role'; role: string }
  /** Sockets that joined a room by subscribing (e.g. `monitors`); every such socket is signed in. */
  | { kind: 'room'; room: string }
  | { kind: 'flag'; flag: PermissionFlag };

export interface ClientEvent {
  event: ServerEventName;
  payload: unknown;
  audience: Audience;
}

export type RevokeReason = 'logout' | 'logout_all' | 'password_changed' | 'session_revoked' | 'user_deactivated' | 'user_deleted';

export interface DomainEvents {
  /** Something every targeted socket should receive (`event` is the Socket.IO event name). */
  client: [ClientEvent];
  /** Sessions revoked: their sockets are disconnected. */
  sessionsRevoked: [{ userId: number; sessionIds: string[] | 'all'; reason: RevokeReason }];
  /** A user's role changed: their sockets move rooms. */
  userRoleChanged: [{ userId: number; role: string }];
  /** Alerts were raised, changed or resolved (the dashboard's alert summary changes). */
  alertsChanged: [];
  /** The host's security status may have changed (a snapshot was taken): `status` as the snapshot says, or null. */
  securityStatusChanged: [{ host: string; status: string | null }];
  /** Something for the notification channels (monitor down, alert, new device…); the channel router routes it. */
  notify: [ChannelEvent];
  /**
   * An agent's sample reached this instance (monitoring.md §6), in the agent's order; `live` is false for samples
   * of a backlog (taken while it was disconnected). The metrics module keeps the host's history and live pushes.
   */
  agentSample: [{ agentId: string; snapshot: MetricsSnapshot; live: boolean }];
  /** An agent was deleted: its live subscribers are left without a source. */
  agentRemoved: [{ agentId: string }];
}

export class EventBus extends EventEmitter<DomainEvents> {
  toClients<E extends ServerEventName>(event: E, payload: ServerEvents[E], audience: Audience = { kind: 'all' }): void {
    this.emit('client', { event, payload, audience });
  }
}
