import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Badge, Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { loadAllMonitors, type StatusPage } from '../lib/monitors.ts';
import { can } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { Page, User } from '../lib/types.ts';
import { StatusPageDialog } from './status-page-form.tsx';

/** Status page definitions, each with a link to its public page. */
export function StatusPagesPage({ user }: { user: User }) {
  useTitle('Status pages');
  const list = useAsync((signal) => api<Page<StatusPage> | StatusPage[]>('status-pages/?page_size=200', { signal }), []);
  const monitors = useAsync((signal) => loadAllMonitors(signal), []);
  const [dialog, setDialog] = useState<{ kind: 'edit'; page?: StatusPage } | { kind: 'delete'; page: StatusPage } | null>(null);
  const canManage = can(user, 'can_manage_monitors');
  const pages = Array.isArray(list.data) ? list.data : list.data?.results;
  const remove = async (p: StatusPage) => {
    try {
      await api(`status-pages/${p.slug}/`, { method: 'DELETE' });
      setDialog(null);
      toast({ title: 'Status page deleted', message: p.title, type: 'success' });
      list.reload();
    } catch (e) {
      toast({ title: 'Could not delete the status page', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Status pages">
        {canManage && <button type="button" class="btn primary" disabled={!monitors.data} onClick={() => setDialog({ kind: 'edit' })}>New status page</button>}
      </PageHeader>
      <Card>
        {list.error ? <ErrorState error={list.error} retry={list.reload} /> : !pages ? <Loading />
          : pages.length === 0 ? <EmptyState title="No status pages">A status page shows chosen monitors to anyone, without signing in.</EmptyState>
          : (
            <ul class="plain-list windows" data-testid="status-pages">
              {pages.map((p) => (
                <li key={p.slug} class="window-row">
                  <div class="window-main">
                    <strong>{p.title}</strong> {p.published ? <Badge tone="ok">published</Badge> : <Badge tone="muted">draft</Badge>}
                    {p.description && <div class="small">{p.description}</div>}
                    <div class="muted small">{p.monitors.length} {p.monitors.length === 1 ? 'monitor' : 'monitors'}{p.show_response_times ? ' · response times shown' : ''}</div>
                    {p.published && <a class="small" href={`/status/${p.slug}`} target="_blank" rel="noopener">/status/{p.slug}</a>}
                  </div>
                  {canManage && (
                    <div class="row-actions">
                      <button type="button" class="btn small" disabled={!monitors.data} onClick={() => setDialog({ kind: 'edit', page: p })} aria-label={`Edit ${p.title}`}>Edit</button>
                      <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', page: p })} aria-label={`Delete ${p.title}`}>Delete</button>
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
      </Card>
      {dialog?.kind === 'edit' && <StatusPageDialog page={dialog.page} monitors={monitors.data ?? []} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); list.reload(); }} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete status page" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.page)}
        message={<>Delete <strong>{dialog.page.title}</strong>? Its public address stops working.</>} />}
    </>
  );
}
