import { api } from './api.ts';
import { onEvent } from './socket.ts';
import { createStore } from './store.ts';
import { toast } from './toasts.ts';
import type { Notification, Page } from './types.ts';

/** Unread count and the newest notifications, for the bell; kept live by the `notification` event. */
export interface Inbox { unread: number; recent: Notification[]; loaded: boolean; error?: string }
export const inbox = createStore<Inbox>({ unread: 0, recent: [], loaded: false });

export async function loadInbox(): Promise<void> {
  try {
    const page = await api<Page<Notification> & { unread_count: number }>('notifications/?page_size=10');
    inbox.set({ unread: page.unread_count, recent: page.results, loaded: true });
  } catch (e) {
    inbox.set((s) => ({ ...s, loaded: true, error: (e as Error).message }));
  }
}

export async function markRead(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await api('notifications/mark_as_read/', { method: 'POST', body: { ids } });
  inbox.set((s) => ({
    ...s,
    unread: Math.max(0, s.unread - s.recent.filter((n) => ids.includes(n.id) && !n.read).length),
    recent: s.recent.map((n) => (ids.includes(n.id) ? { ...n, read: true } : n)),
  }));
}

export async function markAllRead(): Promise<void> {
  await api('notifications/mark_all_as_read/', { method: 'POST' });
  inbox.set((s) => ({ ...s, unread: 0, recent: s.recent.map((n) => ({ ...n, read: true })) }));
}

export function startInboxFeed(): void {
  onEvent('notification', (payload) => {
    const n = payload as Notification & { duration?: number };
    if (!n || typeof n.id !== 'string') return;
    inbox.set((s) => ({
      ...s,
      unread: s.unread + (n.read ? 0 : 1),
      recent: [n, ...s.recent.filter((r) => r.id !== n.id)].slice(0, 10),
    }));
    toast({ title: n.title, message: n.message, type: n.type }, typeof n.duration === 'number' ? n.duration : 5000);
  });
  // After a reconnect, anything missed while offline is picked up.
  onEvent('connect', () => void loadInbox());
}
