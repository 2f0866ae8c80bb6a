import { Card, EmptyState, ErrorState, Loading, StatusBadge } from '../../components/ui.tsx';
import { dateTime } from '../../lib/format.ts';
import { useAsync } from '../../lib/hooks.ts';
import { loadChanges, loadPresence } from '../../lib/inventory.ts';

function span(from: string, to: string | null): string {
  const minutes = Math.max(0, Math.round(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 2880) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${Math.round(minutes / 1440)} d`;
}

/** Online and offline sessions, newest first, as scans observed them. */
export function PresenceCard({ id, tick }: { id: string; tick: number }) {
  const sessions = useAsync((signal) => loadPresence(id, signal), [id, tick]);
  return (
    <Card title="Presence">
      {sessions.error ? <ErrorState error={sessions.error} retry={sessions.reload} />
        : !sessions.data ? <Loading />
        : sessions.data.length === 0 ? <EmptyState title="No sessions yet">The next scan that sees this device starts its first online session.</EmptyState>
        : (
          <ul class="timeline" data-testid="presence">
            {sessions.data.map((s) => (
              <li key={s.started_at}>
                <StatusBadge status={s.status} />
                <span>{dateTime(s.started_at)} → {s.ended_at ? dateTime(s.ended_at) : 'now'}</span>
                <span class="muted small">{span(s.started_at, s.ended_at)}</span>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}

/** IP address and host name changes, newest first, from scans or from edits. */
export function ChangesCard({ id, tick }: { id: string; tick: number }) {
  const changes = useAsync((signal) => loadChanges(id, signal), [id, tick]);
  return (
    <Card title="IP and host name changes">
      {changes.error ? <ErrorState error={changes.error} retry={changes.reload} />
        : !changes.data ? <Loading />
        : changes.data.length === 0 ? <EmptyState title="No changes recorded" />
        : (
          <ul class="timeline" data-testid="changes">
            {changes.data.map((c, i) => (
              <li key={i}>
                <strong>{c.field === 'ip' ? 'IP' : 'Host name'}</strong>
                <span class="mono small">{c.old_value ?? '—'} → {c.new_value ?? '—'}</span>
                <span class="muted small">{dateTime(c.changed_at)} · {c.source === 'user' ? 'edited' : 'seen by a scan'}</span>
              </li>
            ))}
          </ul>
        )}
    </Card>
  );
}
