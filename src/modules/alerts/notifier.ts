import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { EventBus } from '../../realtime/bus.js';

/** A notification to everyone (is_system), as alerts create them (metrics.md §5.3, rest.md §9). */
export interface SystemNotice {
  title: string;
  message: string;
  type: 'info' | 'success' | 'warning' | 'error';
  source: string;
  /** Milliseconds the client shows the live toast. */
  duration: number;
}

export interface SystemNotifier {
  notifySystem(n: SystemNotice): Promise<void>;
}

/**
 * Stand-in until the notifications module is connected: stores a system notification and pushes it to every
 * socket, nothing else (no email or webhook delivery).
 */
export class FallbackSystemNotifier implements SystemNotifier {
  constructor(private readonly db: Kysely<DB>, private readonly bus: EventBus) {}

  async notifySystem(n: SystemNotice): Promise<void> {
    const id = randomUUID();
    const now = new Date();
    const iso = now.toISOString();
    await this.db.insertInto('notifications').values({
      id, user_id: null, target_role: null, is_system: true, title: n.title.slice(0, 200), message: n.message,
      type: n.type, source: n.source, created_by: null, timestamp: iso, created_at: iso, updated_at: iso,
    }).execute();
    this.bus.toClients('notification', {
      id, title: n.title, message: n.message, type: n.type, timestamp: now.getTime(), read: false, is_system: true,
      source: n.source, duration: n.duration, user: null, target_role: null,
    }, { kind: 'all' });
  }
}

type NotificationsLike = { createSystem?: (n: SystemNotice) => Promise<unknown> };

/**
 * Uses the notifications service's `createSystem` when the app has one (looked up at each call, so the order in
 * which services are built does not matter), else the fallback.
 */
export function systemNotifier(services: object, fallback: SystemNotifier): SystemNotifier {
  return {
    async notifySystem(n) {
      const notifications = (services as { notifications?: NotificationsLike }).notifications;
      if (typeof notifications?.createSystem === 'function') await notifications.createSystem(n);
      else await fallback.notifySystem(n);
    },
  };
}
