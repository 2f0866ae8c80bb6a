import { bool, epochMs, wireTime } from '../../db/values.js';
import type { NotificationRow, VisibleRow } from './notifications.repository.js';

/** The Notification of rest.md §1.3 without `read` (webhook bodies). */
export function presentNotificationBase(row: NotificationRow) {
  return {
    id: row.id,
    user: row.user_id === null ? null : Number(row.user_id),
    title: row.title,
    message: row.message,
    type: row.type,
    timestamp: epochMs(row.timestamp),
    is_system: bool(row.is_system),
    source: row.source,
  };
}

/** The Notification of rest.md §1.3; `read` is the viewer's read state. */
export function presentNotification(row: VisibleRow) {
  return {
    ...presentNotificationBase(row),
    read: row.read_at !== null && row.read_at !== undefined,
    target_role: row.target_role,
    created_by: row.created_by === null ? null : Number(row.created_by),
    created_at: wireTime(row.created_at),
  };
}
export type NotificationView = ReturnType<typeof presentNotification>;

/** Notification without `read`, for webhook payloads (rest.md §7). */
export function presentForWebhook(row: NotificationRow) {
  const { read: _read, ...rest } = presentNotification({ ...row, read_at: null });
  return rest;
}

const WEBHOOK_KEYS = ['id', 'user', 'title', 'message', 'type', 'timestamp', 'is_system', 'source', 'target_role', 'created_by', 'created_at'];

/** The webhook body in the key order of rest.md §7 (PostgreSQL's jsonb does not keep the stored order). */
export function webhookBody(payload: Record<string, unknown>): string {
  const n = payload.notification as Record<string, unknown> | null | undefined;
  const notification = n ? Object.fromEntries(WEBHOOK_KEYS.filter((k) => k in n).map((k) => [k, n[k]])) : null;
  return JSON.stringify({ event: payload.event, delivery_id: payload.delivery_id, timestamp: payload.timestamp, notification });
}

/** The live `notification` event (realtime.md §6). */
export function presentPush(row: NotificationRow, duration: number) {
  return {
    id: row.id,
    title: row.title,
    message: row.message,
    type: row.type,
    timestamp: epochMs(row.timestamp),
    read: false,
    is_system: bool(row.is_system),
    source: row.source,
    duration,
    user: row.user_id === null ? null : Number(row.user_id),
    target_role: row.target_role,
  };
}
