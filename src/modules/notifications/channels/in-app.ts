import type { Audience, EventBus } from '../../../realtime/bus.js';
import type { NotificationRow } from '../notifications.repository.js';
import { presentPush } from '../notifications.presenter.js';
import { bool } from '../../../db/values.js';

/** Who receives the live event of a notification (realtime.md §7). */
export function audienceOf(row: NotificationRow): Audience {
  if (row.user_id !== null) return { kind: 'user', userId: Number(row.user_id) };
  if (row.target_role !== null) return { kind: 'role', role: row.target_role };
  if (bool(row.is_system)) return { kind: 'all' };
  throw new Error(`notification ${row.id} has no target`);
}

/** The in-app channel: pushes `notification` to the recipients' sockets. Always on. */
export function pushNotification(bus: EventBus, row: NotificationRow, duration: number): void {
  bus.toClients('notification', presentPush(row, duration), audienceOf(row));
}
