import { EventEmitter } from 'node:events';

/**
 * In-process domain events. Services emit here; only the realtime gateway (and the Redis fan-out) knows
 * Socket.IO. Each event names who receives it, so the gateway never decides visibility by itself.
 */
export type Audience =
  | { kind: 'all' }
  | { kind: 'user'; userId: number }
  | { kind: 'users'; userIds: number[] }
  | { kind: 'role'; role: string }
  | { kind: 'flag'; flag: 'can_manage_users' | 'can_manage_system' | 'can_manage_network' | 'can_view_all_data' | 'can_run_tools' };

export interface ClientEvent {
  event: string;
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
}

export class EventBus extends EventEmitter<DomainEvents> {
  toClients(event: string, payload: unknown, audience: Audience = { kind: 'all' }): void {
    this.emit('client', { event, payload, audience });
  }
}
