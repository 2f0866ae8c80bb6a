import type { Principal } from '../../auth/permissions.js';
import { NotFound, Unauthenticated, badRequest, forbidden, notFound } from '../../errors.js';
import { isUuid } from '../../db/values.js';
import type { SocketIdentity } from '../../realtime/gateway.js';
import type { EventHandler } from '../../realtime/socket-rpc.js';
import type { NotificationsService } from './notifications.service.js';
import { parseSendPayload } from './notifications.input.js';

function integerIn(value: unknown, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw badRequest(`${name} must be an integer from ${min} to ${max}`);
  }
  return value;
}

/** What the legacy `authenticate` event needs of the auth layer: the principal of an access token. */
export interface TokenAuthenticator { fromToken(token: string): Promise<Principal> }

/** Client → server notification events of realtime.md §4, plus the legacy `authenticate` and `register_user`. */
export function notificationEvents(notifications: NotificationsService, authenticator: TokenAuthenticator): Record<string, EventHandler> {
  return {
    send_notification: {
      permission: 'any',
      async handle({ principal, socket, payload }) {
        const { input, target } = parseSendPayload(payload);
        const created = await notifications.createAs(principal, target, input, {
          user: (id) => notFound(`User ${id} not found`),
          role: (name) => badRequest(`Role '${name}' does not exist`),
        });
        let message = 'Notification broadcast';
        if (!created.is_system) {
          const room = created.user !== null ? `user:${created.user}` : `role:${created.target_role}`;
          const connected = (await socket.nsp.in(room).fetchSockets()).length > 0;
          message = connected ? 'Notification sent' : 'Notification stored in database (user not connected)';
        }
        return { status: 'success', message, notification_id: created.id };
      },
    },

    get_notifications: {
      permission: 'any',
      async handle({ principal, payload }) {
        const limit = integerIn(payload.limit, 'limit', 1, 100, 10);
        const offset = integerIn(payload.offset, 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
        const unreadOnly = payload.unread_only ?? false;
        if (typeof unreadOnly !== 'boolean') throw badRequest('unread_only must be a boolean');
        return { status: 'success', ...(await notifications.slice(principal, limit, offset, unreadOnly)) };
      },
    },

    mark_notification_read: {
      permission: 'any',
      async handle({ principal, payload }) {
        const id = payload.notification_id;
        if (id === undefined || id === null || id === '') throw badRequest('Missing notification_id');
        if (!isUuid(id)) throw notFound('Notification not found');
        try {
          await notifications.setRead(principal, id, { read: true });
        } catch (e) {
          if (e instanceof NotFound) throw notFound('Notification not found');
          throw e;
        }
        return { status: 'success', message: 'Notification marked as read' };
      },
    },

    // Legacy re-authentication: the token must be the socket user's; the socket moves to that token's session.
    authenticate: {
      permission: 'any',
      async handle({ principal, socket, payload }) {
        const raw = payload.token;
        const token = typeof raw === 'string' ? raw.trim().replace(/^Bearer\s+/i, '') : '';
        if (!token) throw badRequest('No token provided');
        const next = await authenticator.fromToken(token).catch(() => {
          throw new Unauthenticated('token_not_valid', 'Invalid token');
        });
        if (next.userId !== principal.userId) throw forbidden('Token belongs to a different user');
        const identity = socket.data.identity as SocketIdentity;
        if (identity.sessionId !== next.sessionId) {
          void socket.leave(`session:${identity.sessionId}`);
          void socket.join(`session:${next.sessionId}`);
          identity.sessionId = next.sessionId;
        }
        socket.data.principal = next;
        return {
          status: 'success', message: 'Authentication successful', user_id: String(next.userId), email: next.email,
          unread_notifications: await notifications.unreadCount(next),
        };
      },
    },

    register_user: {
      permission: 'any',
      async handle({ principal, payload }) {
        const raw = payload.user_id;
        if (raw === undefined || raw === null || raw === '') throw badRequest('No user_id provided');
        const text = typeof raw === 'number' || typeof raw === 'string' ? String(raw).trim() : '';
        if (!/^\d{1,15}$/.test(text) || Number(text) !== principal.userId) throw forbidden('user_id does not match the authenticated user');
        return { status: 'success', message: 'User registered (deprecated method)' };
      },
    },
  };
}
