import { useEffect, useState } from 'preact/hooks';
import { LineChart } from '../components/chart.tsx';
import { ConfirmDialog } from '../components/dialog.tsx';
import { MonitorStatusBadge } from '../components/monitor-status.tsx';
import { Card, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { ago, dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { useMonitorFeed } from '../lib/monitor-feed.ts';
import {
  checkNow, deleteMonitor, monitorAction, msText, targetText, TYPE_TEXT, type Heartbeat, type Incident, type Monitor, type Uptime,
} from '../lib/monitors.ts';
import { linkClick, navigate } from '../lib/router.ts';
import { can } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { Page, User } from '../lib/types.ts';
import { MonitorFormDialog, PushUrl } from './monitor-form.tsx';
import { HeartbeatList, IncidentList, UptimeWindows } from './monitor-parts.tsx';

const BEATS = 100;

/** One monitor: response-time chart, uptime windows, incidents and the newest heartbeats; live over the socket. */
export function MonitorPage({ user, id }: { user: User; id: string }) {
  const monitor = useAsync((signal) => api<Monitor>(`monitors/${id}/`, { signal }), [id]);
  const beatsPage = useAsync((signal) => api<Page<Heartbeat>>(`monitors/${id}/heartbeats/?page_size=${BEATS}`, { signal }), [id]);
  const uptime = useAsync((signal) => api<Uptime>(`monitors/${id}/uptime/`, { signal }), [id]);
  const incidents = useAsync((signal) => api<Page<Incident>>(`monitors/${id}/incidents/?page_size=20`, { signal }), [id]);
  const [m, setM] = useState<Monitor | null>(null);
  const [beats, setBeats] = useState<Heartbeat[]>([]);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [busy, setBusy] = useState(false);
  useTitle(m?.name ?? 'Monitor');
  useEffect(() => { if (monitor.data) setM(monitor.data); }, [monitor.data]);
  useEffect(() => { if (beatsPage.data) setBeats(beatsPage.data.results); }, [beatsPage.data]);
  useMonitorFeed({
    heartbeats: (list) => {
      const mine = list.filter((b) => b.monitor_id === id);
      if (!mine.length) return;
      const last = mine[mine.length - 1];
      setBeats((b) => [...mine.reverse(), ...b].slice(0, BEATS));
      setM((x) => x && { ...x, status: x.active ? last.status : x.status, last_checked_at: last.time, last_response_ms: last.response_ms, last_message: last.message });
    },
    status: (change) => {
      if (change.monitor_id !== id) return;
      setM((x) => x && { ...x, status: change.status });
      uptime.reload();
      incidents.reload();
    },
    list: ({ action, monitor: changed }) => {
      if (changed.id !== id) return;
      if (action === 'deleted') navigate('/monitors', true);
      else setM((x) => ({ ...x, ...changed }));
    },
  });

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setBusy(true);
    try {
      const result = await fn();
      if (result && typeof result === 'object' && 'id' in result) setM(result as Monitor);
      if (result && typeof result === 'object' && 'monitor_id' in result) {
        const beat = result as Heartbeat;
        toast({ title: `Check: ${beat.status}`, message: beat.message, type: beat.status === 'up' ? 'success' : 'error' });
        beatsPage.reload();
        monitor.reload();
      }
    } catch (e) {
      toast({ title: `Could not ${what}`, message: errorText(e), type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    try {
      await deleteMonitor(id);
      toast({ title: 'Monitor deleted', message: m?.name, type: 'success' });
      navigate('/monitors');
    } catch (e) {
      toast({ title: 'Could not delete the monitor', message: errorText(e), type: 'error' });
    }
  };

  if (monitor.error && !m) return <><PageHeader title="Monitor" /><ErrorState error={monitor.error} retry={monitor.reload} /></>;
  if (!m) return <Loading />;
  const canManage = can(user, 'can_manage_monitors');
  const chronological = [...beats].reverse();
  return (
    <>
      <p class="crumbs"><a href="/monitors" onClick={linkClick}>Monitors</a></p>
      <PageHeader title={m.name}>
        {canManage && (
          <div class="monitor-actions">
            {m.active
              ? <button type="button" class="btn" disabled={busy} onClick={() => void act('pause', () => monitorAction(id, 'pause'))}>Pause</button>
              : <button type="button" class="btn" disabled={busy} onClick={() => void act('resume', () => monitorAction(id, 'resume'))}>Resume</button>}
            <button type="button" class="btn" disabled={busy || !m.active} onClick={() => void act('check', () => checkNow(id))}>Check now</button>
            <button type="button" class="btn" onClick={() => setDialog('edit')}>Edit</button>
            <button type="button" class="btn danger" onClick={() => setDialog('delete')}>Delete</button>
          </div>
        )}
      </PageHeader>
      <div class="monitor-facts">
        <MonitorStatusBadge status={m.status} />
        <span>{TYPE_TEXT[m.type]}</span>
        <span class="mono small clip">{targetText(m)}</span>
        <span class="muted small">every {m.interval_s} s · checked {ago(m.last_checked_at)}{m.last_response_ms !== null ? ` · ${msText(m.last_response_ms)}` : ''}</span>
        {m.cert_expires_at && <span class="muted small">certificate until {dateTime(m.cert_expires_at)}</span>}
        {m.tags.map((t) => <span key={t} class="tag">{t}</span>)}
      </div>
      {m.last_message && <p class="muted" data-testid="last-message">{m.last_message}</p>}
      {m.type === 'push' && m.push_token && <Card title="Push"><PushUrl token={m.push_token} /></Card>}
      <UptimeWindows uptime={uptime.data} />
      <Card title="Response time" class="spaced">
        <LineChart label="Response time" times={chronological.map((b) => Date.parse(b.time))} format={(v) => `${Math.round(v)} ms`}
          formatX={(t) => new Date(t).toLocaleTimeString()} series={[{ name: 'Response', tone: 1, values: chronological.map((b) => b.response_ms) }]} />
      </Card>
      <div class="grid-2">
        <Card title="Incidents"><IncidentList incidents={incidents.data?.results} /></Card>
        <Card title="Recent checks"><HeartbeatList beats={beats.slice(0, 20)} /></Card>
      </div>
      {dialog === 'edit' && <MonitorFormDialog monitor={m} onClose={() => setDialog(null)} onSaved={(saved) => { setDialog(null); setM(saved); }} />}
      {dialog === 'delete' && <ConfirmDialog title="Delete monitor" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove()}
        message={<>Delete <strong>{m.name}</strong> and all its heartbeats? This cannot be undone.</>} />}
    </>
  );
}
