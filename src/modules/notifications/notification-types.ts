export const NOTIFICATION_TYPES = ['info', 'success', 'warning', 'error'] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export const isNotificationType = (v: unknown): v is NotificationType =>
  typeof v === 'string' && (NOTIFICATION_TYPES as readonly string[]).includes(v);

/** Channel thresholds (rest.md §6.1): info = success < warning < error. */
const RANK: Record<string, number> = { info: 0, success: 0, warning: 1, error: 2 };
export const atLeast = (type: string, minType: string): boolean => (RANK[type] ?? 0) >= (RANK[minType] ?? 0);

export const TITLE_MAX = 200;
export const MESSAGE_MAX = 5000;
export const SOURCE_MAX = 100;
/** Live-push toast duration when the creator gives none (realtime.md §6). */
export const DEFAULT_DURATION_MS = 5000;

/** Who a notification is addressed to; exactly one (models.md §5.1). */
export type Target =
  | { kind: 'user'; userId: number }
  | { kind: 'role'; role: string }
  | { kind: 'system' };

/** What another module gives to create a notification. */
export interface NewNotification {
  title: string;
  message?: string | null;
  type?: NotificationType;
  /** e.g. `system_monitoring`, `network_scanner`, `security`; default `system`. */
  source?: string;
  /** Toast duration of the live push in ms (not stored). */
  duration?: number;
  createdBy?: number | null;
}

