import { useEffect, useRef, useState } from 'preact/hooks';
import { errorText } from '../lib/api.ts';
import { ago } from '../lib/format.ts';
import { inbox, markAllRead, markRead } from '../lib/notifications.ts';
import { linkClick } from '../lib/router.ts';
import { useStore } from '../lib/store.ts';
import { toast } from '../lib/toasts.ts';
import { Icon } from './icons.tsx';

/** The notifications bell: unread count, the newest ten, read/unread; live through the `notification` event. */
export function Bell() {
  const { unread, recent, error } = useStore(inbox);
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: Event) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    const escape = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  const act = (fn: () => Promise<void>) => fn().catch((e: unknown) => toast({ title: 'Notifications', message: errorText(e), type: 'error' }));
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <div class="bell" ref={box}>
      <button type="button" class="icon-btn bell-btn" aria-label={label} aria-expanded={open} aria-haspopup="true" onClick={() => setOpen(!open)}>
        <Icon name="bell" />
        {unread > 0 && <span class="bell-count" data-testid="bell-count" aria-hidden="true">{unread > 99 ? '99+' : unread}</span>}
      </button>
      {open && (
        <div class="popover" role="region" aria-label="Recent notifications">
          <div class="popover-header">
            <strong>Notifications</strong>
            <button type="button" class="link-btn" disabled={unread === 0} onClick={() => void act(markAllRead)}>Mark all as read</button>
          </div>
          {error && <p class="muted pad">{error}</p>}
          {recent.length === 0 && !error && <p class="muted pad">No notifications yet.</p>}
          <ul class="notif-list">
            {recent.map((n) => (
              <li key={n.id} class={n.read ? 'read' : 'unread'}>
                <span class={`notif-type type-${n.type}`} aria-hidden="true" />
                <div class="notif-body">
                  <strong>{n.title}</strong>
                  {n.message && <p>{n.message}</p>}
                  <span class="muted small">{ago(n.timestamp)} · {n.source}</span>
                </div>
                {!n.read && <button type="button" class="link-btn" onClick={() => void act(() => markRead([n.id]))} aria-label={`Mark “${n.title}” as read`}>Read</button>}
              </li>
            ))}
          </ul>
          <a class="popover-footer" href="/notifications" onClick={(e) => { setOpen(false); linkClick(e); }}>All notifications</a>
        </div>
      )}
    </div>
  );
}
