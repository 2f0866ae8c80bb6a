import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Badge, Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { loadRules, METRIC_TEXT, type AlertRule } from '../lib/alert-rules.ts';
import { loadChannels } from '../lib/channels.ts';
import { rate } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { can } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { User } from '../lib/types.ts';
import { AlertRuleDialog } from './alert-rule-form.tsx';

function thresholds(r: AlertRule): string {
  const unit = METRIC_TEXT[r.metric]?.unit ?? '';
  const v = (n: number | null) => (n === null ? '—' : unit === 'bytes/s' ? rate(n) : `${n}${unit ? ` ${unit}` : ''}`);
  return `warning ${v(r.warning_threshold)} · critical ${v(r.critical_threshold)}${r.duration_seconds ? ` · for ${r.duration_seconds} s` : ''}`;
}

/** Threshold alert rules on the server's own metrics; who holds can_manage_system edits them and picks their channels. */
export function AlertRulesPage({ user }: { user: User }) {
  useTitle('Alert rules');
  const canManage = can(user, 'can_manage_system');
  const list = useAsync((signal) => loadRules(signal), []);
  const channels = useAsync((signal) => (canManage ? loadChannels(signal) : Promise.resolve([])), [canManage]);
  const [dialog, setDialog] = useState<{ kind: 'edit'; rule?: AlertRule } | { kind: 'delete'; rule: AlertRule } | null>(null);
  const names = new Map((channels.data ?? []).map((c) => [c.id, c.name]));
  const remove = async (r: AlertRule) => {
    try {
      await api(`alert-rules/${r.id}/`, { method: 'DELETE' });
      setDialog(null);
      toast({ title: 'Alert rule deleted', message: r.name, type: 'success' });
      list.reload();
    } catch (e) {
      toast({ title: 'Could not delete the rule', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Alert rules">
        {canManage && <button type="button" class="btn primary" disabled={channels.loading && !channels.data} onClick={() => setDialog({ kind: 'edit' })}>Add rule</button>}
      </PageHeader>
      <Card>
        {list.error ? <ErrorState error={list.error} retry={list.reload} /> : !list.data ? <Loading />
          : list.data.length === 0 ? <EmptyState title="No alert rules">Add one to be alerted when a metric of this server crosses a threshold.</EmptyState>
          : (
            <ul class="plain-list windows" data-testid="alert-rules">
              {list.data.map((r) => (
                <li key={r.id} class="window-row" data-rule={r.name}>
                  <div class="window-main">
                    <strong>{r.name}</strong> <Badge tone="info">{METRIC_TEXT[r.metric]?.label ?? r.metric}{r.target ? ` ${r.target}` : ''}</Badge>
                    {' '}{!r.enabled && <Badge tone="muted">disabled</Badge>} {r.is_builtin && <Badge tone="muted">built-in</Badge>}
                    <div class="muted small">{thresholds(r)}</div>
                    <div class="muted small" data-testid="rule-channels">
                      {!r.notify ? 'Does not notify' : r.channels.length === 0 ? 'Channels: by their event filters'
                        : `Channels: ${r.channels.map((id) => names.get(id) ?? (canManage ? 'deleted channel' : id)).join(', ')}`}
                    </div>
                  </div>
                  {canManage && (
                    <div class="row-actions">
                      <button type="button" class="btn small" disabled={channels.loading && !channels.data} onClick={() => setDialog({ kind: 'edit', rule: r })} aria-label={`Edit ${r.name}`}>Edit</button>
                      {!r.is_builtin && <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', rule: r })} aria-label={`Delete ${r.name}`}>Delete</button>}
                    </div>
                  )}
                </li>
              ))}
            </ul>
          )}
      </Card>
      {dialog?.kind === 'edit' && <AlertRuleDialog rule={dialog.rule} channels={channels.data} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); list.reload(); }} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete alert rule" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.rule)}
        message={<>Delete <strong>{dialog.rule.name}</strong>? It raises no more alerts.</>} />}
    </>
  );
}
