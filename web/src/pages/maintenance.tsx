import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Badge, Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { durationText, loadAllMonitors, type MaintenanceWindow } from '../lib/monitors.ts';
import { can } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { Page, User } from '../lib/types.ts';
import { MaintenanceDialog } from './maintenance-form.tsx';

function schedule(w: MaintenanceWindow): string {
  if (w.recurrence) return `${w.recurrence.rrule} · ${durationText(w.recurrence.duration_s)} · ${w.recurrence.timezone}`;
  return `${dateTime(w.starts_at)} – ${dateTime(w.ends_at)}`;
}

/** Maintenance windows: monitors in an active one report `maintenance` and notify nobody. */
export function MaintenancePage({ user }: { user: User }) {
  useTitle('Maintenance');
  const list = useAsync((signal) => api<Page<MaintenanceWindow> | MaintenanceWindow[]>('maintenance/?page_size=200', { signal }), []);
  const monitors = useAsync((signal) => loadAllMonitors(signal), []);
  const [dialog, setDialog] = useState<{ kind: 'edit'; window?: MaintenanceWindow } | { kind: 'delete'; window: MaintenanceWindow } | null>(null);
  const canManage = can(user, 'can_manage_monitors');
  const windows = Array.isArray(list.data) ? list.data : list.data?.results;
  const names = new Map((monitors.data ?? []).map((m) => [m.id, m.name]));
  const remove = async (w: MaintenanceWindow) => {
    try {
      await api(`maintenance/${w.id}/`, { method: 'DELETE' });
      setDialog(null);
      toast({ title: 'Maintenance window deleted', message: w.title, type: 'success' });
      list.reload();
    } catch (e) {
      toast({ title: 'Could not delete the window', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Maintenance">
        {canManage && <button type="button" class="btn primary" disabled={!monitors.data} onClick={() => setDialog({ kind: 'edit' })}>New window</button>}
      </PageHeader>
      <Card>
        {list.error ? <ErrorState error={list.error} retry={list.reload} /> : !windows ? <Loading />
          : windows.length === 0 ? <EmptyState title="No maintenance windows">Plan one so that expected downtime neither alerts nor counts against uptime.</EmptyState>
          : (
            <ul class="plain-list windows" data-testid="maintenance-list">
              {windows.map((w) => (
                <li key={w.id} class="window-row">
                  <div class="window-main">
                    <strong>{w.title}</strong> {w.active_now ? <Badge tone="info">active now</Badge> : w.recurrence ? <Badge tone="muted">recurring</Badge> : null}
                    {w.description && <div class="small">{w.description}</div>}
                    <div class="muted small">{schedule(w)}</div>
                    <div class="muted small">{w.all_monitors ? 'All monitors' : w.monitors.map((id) => names.get(id) ?? id).join(', ') || 'No monitors'}</div>
                  </div>
                  {canManage && (
                    <div class="row-actions">
                      <button type="button" class="btn small" disabled={!monitors.data} onClick={() => setDialog({ kind: 'edit', window: w })} aria-label={`Edit ${w.title}`}>Edit</button>
                      <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', window: w })} aria-label={`Delete ${w.title}`}>Delete</button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
      </Card>
      {dialog?.kind === 'edit' && <MaintenanceDialog window={dialog.window} monitors={monitors.data ?? []} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); list.reload(); }} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete maintenance window" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.window)}
        message={<>Delete <strong>{dialog.window.title}</strong>?</>} />}
    </>
  );
}
