import { useEffect, useRef, useState } from 'preact/hooks';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import { useAsync, useDebouncedValue, useTitle } from '../lib/hooks.ts';
import { useMonitorFeed, type LiveHeartbeat } from '../lib/monitor-feed.ts';
import { MONITOR_STATUSES, MONITOR_TYPES, TYPE_TEXT, type Monitor, type Summary } from '../lib/monitors.ts';
import { navigate } from '../lib/router.ts';
import { can } from '../lib/session.ts';
import type { Page, User } from '../lib/types.ts';
import { MonitorFormDialog } from './monitor-form.tsx';
import { MonitorTable } from './monitor-table.tsx';

const PAGE_SIZE = 100;
const SPARK_POINTS = 30;

/** A batch of live heartbeats applied to the rows shown; rows of other pages are not kept. */
function withHeartbeats(rows: Monitor[], beats: LiveHeartbeat[]): Monitor[] {
  const latest = new Map<string, LiveHeartbeat[]>();
  for (const b of beats) latest.set(b.monitor_id, [...(latest.get(b.monitor_id) ?? []), b]);
  if (!rows.some((m) => latest.has(m.id))) return rows;
  return rows.map((m) => {
    const mine = latest.get(m.id);
    if (!mine) return m;
    const last = mine[mine.length - 1];
    return {
      ...m, status: m.active ? last.status : m.status, last_checked_at: last.time, last_response_ms: last.response_ms, last_message: last.message,
      recent_response_ms: [...(m.recent_response_ms ?? []), ...mine.map((b) => b.response_ms)].slice(-SPARK_POINTS),
    };
  });
}

/** Every monitor with its status, recent response times and uptime; live over the socket; 100 a page. */
export function MonitorsPage({ user }: { user: User }) {
  useTitle('Monitors');
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [type, setType] = useState('');
  const [tag, setTag] = useState('');
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const search = useDebouncedValue(query.trim());
  const tagFilter = useDebouncedValue(tag.trim());
  const params = new URLSearchParams({ page: String(page), page_size: String(PAGE_SIZE) });
  if (search) params.set('search', search);
  if (status) params.set('status', status);
  if (type) params.set('type', type);
  if (tagFilter) params.set('tag', tagFilter);
  const list = useAsync((signal) => api<Page<Monitor>>(`monitors/?${params.toString()}`, { signal }), [params.toString()]);
  const summary = useAsync((signal) => api<Summary>('monitors/summary/', { signal }), []);
  const [rows, setRows] = useState<Monitor[] | null>(null);
  useEffect(() => { if (list.data) setRows(list.data.results); }, [list.data]);
  useEffect(() => setPage(1), [search, status, type, tagFilter]);

  // Transitions can come in bursts (a network outage): the counts reload at most twice a second.
  const summaryTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reloadSummary = () => {
    summaryTimer.current ??= setTimeout(() => { summaryTimer.current = undefined; summary.reload(); }, 500);
  };
  useEffect(() => () => clearTimeout(summaryTimer.current), []);
  useMonitorFeed({
    heartbeats: (beats) => setRows((r) => (r ? withHeartbeats(r, beats) : r)),
    status: (change) => {
      setRows((r) => r?.map((m) => (m.id === change.monitor_id ? { ...m, status: change.status, last_message: change.message } : m)) ?? r);
      reloadSummary();
    },
    list: ({ action, monitor }) => {
      reloadSummary();
      if (action === 'created') list.reload();
      else if (action === 'deleted') setRows((r) => r?.filter((m) => m.id !== monitor.id) ?? r);
      else setRows((r) => r?.map((m) => (m.id === monitor.id ? { ...m, ...monitor } : m)) ?? r);
    },
  });

  const canManage = can(user, 'can_manage_monitors');
  const total = list.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const tags = [...new Set((rows ?? []).flatMap((m) => m.tags))].sort();
  return (
    <>
      <PageHeader title="Monitors">
        {canManage && <button type="button" class="btn primary" onClick={() => setCreating(true)}>Add monitor</button>}
      </PageHeader>
      <div class="summary" role="group" aria-label="Monitors by status">
        {MONITOR_STATUSES.map((s) => (
          <button key={s} type="button" class={`summary-item status-${s}`} aria-pressed={status === s} onClick={() => setStatus(status === s ? '' : s)}>
            <span class="dot" aria-hidden="true" /><span class="summary-count" data-testid={`summary-${s}`}>{summary.data?.[s] ?? '–'}</span> {s}
          </button>
        ))}
      </div>
      <div class="filters">
        <input type="search" class="search" placeholder="Search name or target…" aria-label="Search monitors" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">All statuses</option>
          {MONITOR_STATUSES.map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <select aria-label="Filter by type" value={type} onChange={(e) => setType(e.currentTarget.value)}>
          <option value="">All types</option>
          {MONITOR_TYPES.map((t) => <option key={t} value={t}>{TYPE_TEXT[t]}</option>)}
        </select>
        <input class="tag-filter" list="monitor-tags" placeholder="Tag" aria-label="Filter by tag" value={tag} onInput={(e) => setTag(e.currentTarget.value)} />
        <datalist id="monitor-tags">{tags.map((t) => <option key={t} value={t} />)}</datalist>
      </div>
      <Card>
        {list.error && !rows ? <ErrorState error={list.error} retry={list.reload} />
          : !rows ? <Loading />
          : rows.length === 0 ? (
            search || status || type || tagFilter ? <EmptyState title="No monitor matches these filters" />
              : <EmptyState title="No monitors yet">{canManage ? 'Add a monitor to watch a website, a port, a host or a device.' : 'Ask a manager to add monitors.'}</EmptyState>
          ) : (
            <>
              <p class="muted small" role="status">{total} {total === 1 ? 'monitor' : 'monitors'}{list.loading ? ' · refreshing…' : ''}</p>
              <MonitorTable rows={rows} />
            </>
          )}
        {pages > 1 && (
          <nav class="pager" aria-label="Pages">
            <button type="button" class="btn small" disabled={page <= 1} onClick={() => setPage(page - 1)}>Previous</button>
            <span>Page {page} of {pages}</span>
            <button type="button" class="btn small" disabled={page >= pages} onClick={() => setPage(page + 1)}>Next</button>
          </nav>
        )}
      </Card>
      {creating && <MonitorFormDialog onClose={() => setCreating(false)} onSaved={(m) => {
        setCreating(false);
        list.reload();
        summary.reload();
        if (m.type === 'push') navigate(`/monitors/${m.id}`);
      }} />}
    </>
  );
}
