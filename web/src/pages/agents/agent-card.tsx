import { useEffect } from 'preact/hooks';
import { Badge, Meter } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import type { Agent } from '../../lib/agents.ts';
import { ago, percent } from '../../lib/format.ts';
import { useAsync } from '../../lib/hooks.ts';
import { hostQuery } from '../../lib/hosts.ts';
import type { Metrics } from '../../lib/metrics.ts';

const REFRESH_MS = 10_000;

function Figure({ label, value }: { label: string; value: number | undefined }) {
  return (
    <div class="agent-figure">
      <span class="muted small">{label}</span>
      <strong>{value === undefined ? '—' : percent(value)}</strong>
      {value !== undefined && <Meter value={value} label={`${label} ${percent(value)}`} />}
    </div>
  );
}

export interface AgentActions { onShow: () => void; onEdit?: () => void; onRotate?: () => void; onDelete?: () => void }

/** One agent on the overview: its status, what it runs, its latest CPU, memory and disk figures, and its actions. */
export function AgentCard({ agent: a, actions }: { agent: Agent; actions: AgentActions }) {
  const latest = useAsync((signal) => api<Metrics>(`system/metrics/current/${hostQuery(a.id, true)}`, { signal }).catch(() => null), [a.id, a.last_seen_at]);
  const { reload } = latest;
  useEffect(() => {
    if (!a.online) return;
    const timer = setInterval(reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, [a.online, reload]);
  const m = latest.data ?? undefined;
  return (
    <li class="card agent-card" data-agent={a.name}>
      <header class="agent-head">
        <strong>{a.name}</strong>
        <Badge tone={a.online ? 'ok' : a.last_seen_at ? 'error' : 'muted'}>{a.online ? 'online' : a.last_seen_at ? 'offline' : 'never connected'}</Badge>
        {a.tags.map((t) => <Badge key={t} tone="info">{t}</Badge>)}
      </header>
      <p class="muted small" data-testid="agent-facts">
        {[a.hostname, a.os, a.version && `Everyst ${a.version}`].filter(Boolean).join(' · ') || 'No report yet'}
        {a.last_seen_at && <> · last seen {ago(a.last_seen_at)}</>}
      </p>
      <div class="agent-figures">
        <Figure label="CPU" value={m?.cpu_usage} />
        <Figure label="Memory" value={m?.memory_usage} />
        <Figure label="Disk /" value={m?.disk_usage} />
      </div>
      <div class="channel-actions">
        <button type="button" class="btn small" disabled={!m} onClick={actions.onShow}>Dashboard</button>
        {actions.onEdit && <button type="button" class="btn small" onClick={actions.onEdit} aria-label={`Edit ${a.name}`}>Edit</button>}
        {actions.onRotate && <button type="button" class="btn small" onClick={actions.onRotate} aria-label={`New token for ${a.name}`}>New token</button>}
        {actions.onDelete && <button type="button" class="btn small danger" onClick={actions.onDelete} aria-label={`Delete ${a.name}`}>Delete</button>}
      </div>
    </li>
  );
}
