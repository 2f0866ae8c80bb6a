import { useEffect, useState } from 'preact/hooks';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { inbox, loadInbox, markAllRead } from '../lib/notifications.ts';
import { useStore } from '../lib/store.ts';
import { toast } from '../lib/toasts.ts';
import type { Notification, Page } from '../lib/types.ts';

const PAGE_SIZE = 20;

export function NotificationsPage() {
  useTitle('Notifications');
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [page, setPage] = useState(1);
  const { unread, recent } = useStore(inbox);
  const list = useAsync((signal) => api<Page<Notification> & { unread_count: number }>(
    `notifications/?page=${page}&page_size=${PAGE_SIZE}${unreadOnly ? '&unread=true' : ''}`, { signal }), [page, unreadOnly]);
  // A notification that arrives live shows up here too.
  const newest = recent[0]?.id;
  useEffect(() => { if (newest && page === 1) list.reload(); }, [newest]);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      list.reload();
      await loadInbox();
    } catch (e) {
      toast({ title: 'Notifications', message: errorText(e), type: 'error' });
    }
  };
  const pages = list.data ? Math.max(1, Math.ceil(list.data.count / PAGE_SIZE)) : 1;
  return (
    <>
      <PageHeader title="Notifications">
        <label class="check"><input type="checkbox" checked={unreadOnly} onChange={(e) => { setUnreadOnly(e.currentTarget.checked); setPage(1); }} /> Unread only</label>
        <button type="button" class="btn" disabled={unread === 0} onClick={() => void act(markAllRead)}>Mark all as read</button>
      </PageHeader>
      <Card>
        {list.error ? <ErrorState error={list.error} retry={list.reload} />
          : !list.data ? <Loading />
          : list.data.results.length === 0 ? <EmptyState title={unreadOnly ? 'Nothing unread' : 'No notifications yet'}>Alerts, scans and other users' messages appear here.</EmptyState>
          : (
            <ul class="notif-list full">
              {list.data.results.map((n) => (
                <li key={n.id} class={n.read ? 'read' : 'unread'}>
                  <span class={`notif-type type-${n.type}`} aria-hidden="true" />
                  <div class="notif-body">
                    <strong>{n.title}</strong>{!n.read && <span class="sr-only"> (unread)</span>}
                    {n.message && <p>{n.message}</p>}
                    <span class="muted small">{dateTime(n.timestamp)} · {n.source}{n.is_system ? ' · everyone' : ''}</span>
                  </div>
                  <div class="row-actions">
                    <button type="button" class="btn small" onClick={() => void act(() => api(`notifications/${n.id}/`, { method: 'PATCH', body: { read: !n.read } }))}>
                      {n.read ? 'Mark unread' : 'Mark read'}
                    </button>
                    <button type="button" class="btn small" aria-label={`Delete “${n.title}”`} onClick={() => void act(() => api(`notifications/${n.id}/`, { method: 'DELETE' }))}>Delete</button>
                  </div>
                </li>
              ))}
            </ul>
          )}
        {pages > 1 && (
          <nav class="pager" aria-label="Pages">
            <button type="button" class="btn small" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
            <span>Page {page} of {pages}</span>
            <button type="button" class="btn small" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</button>
          </nav>
        )}
      </Card>
    </>
  );
}
