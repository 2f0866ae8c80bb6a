import { useEffect } from 'preact/hooks';
import { MonitorStatusBadge } from '../components/monitor-status.tsx';
import { UptimeBars } from '../components/uptime-bars.tsx';
import { ErrorState, Loading } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { durationText, msText, uptimeText, type PublicStatus } from '../lib/monitors.ts';

const OVERALL: Record<PublicStatus['overall'], string> = {
  up: 'All systems operational', degraded: 'Some systems are degraded', down: 'Major outage', maintenance: 'Under maintenance',
};
const REFRESH_MS = 60_000;

/** `/status/<slug>` → the slug; null for any other path. */
export function publicStatusSlug(path: string): string | null {
  const match = /^\/status\/([a-z0-9-]{1,64})\/?$/.exec(path);
  return match ? match[1] : null;
}

/** The read-only public status page (monitoring.md §4): no session, no shell, refreshed every minute. */
export function PublicStatusPage({ slug }: { slug: string }) {
  const status = useAsync((signal) => api<PublicStatus>(`public/status/${slug}/`, { signal, auth: false }), [slug]);
  useTitle(status.data?.title ?? 'Status');
  useEffect(() => {
    const timer = setInterval(status.reload, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const s = status.data;
  if (!s) {
    return (
      <div class="public-page">
        {status.error instanceof ApiError && status.error.status === 404
          ? <div class="state"><h1 class="state-title">Status page not found</h1><p class="muted">This page does not exist or is not published.</p></div>
          : status.error ? <ErrorState error={status.error} retry={status.reload} /> : <Loading />}
      </div>
    );
  }
  return (
    <div class="public-page">
      <header class="public-header">
        <h1>{s.title}</h1>
        {s.description && <p class="muted">{s.description}</p>}
      </header>
      <div class={`overall overall-${s.overall}`} role="status" data-testid="overall">{OVERALL[s.overall] ?? s.overall}</div>
      <section class="card" aria-label="Monitors">
        {s.monitors.length === 0 && <p class="muted">No monitors on this page.</p>}
        <ul class="public-monitors">
          {s.monitors.map((m) => (
            <li key={m.name} data-monitor={m.name}>
              <div class="public-monitor-head">
                <strong>{m.name}</strong>
                <MonitorStatusBadge status={m.status} />
                <span class="muted small public-figures">
                  24 h {uptimeText(m.uptime['24h'])} · 30 d {uptimeText(m.uptime['30d'])} · 90 d {uptimeText(m.uptime['90d'])}
                  {m.response_ms !== undefined && ` · ${msText(m.response_ms)}`}
                </span>
              </div>
              <UptimeBars days={m.days} label={`${m.name} daily uptime`} />
              <div class="bars-legend muted small" aria-hidden="true"><span>{m.days.length} days ago</span><span>today</span></div>
            </li>
          ))}
        </ul>
      </section>
      <section class="card" aria-label="Incidents">
        <h2>Incidents (30 days)</h2>
        {s.incidents.length === 0 ? <p class="muted">No incidents.</p> : (
          <ul class="plain-list incidents">
            {s.incidents.map((i, n) => (
              <li key={n}>
                <strong>{i.name ?? i.monitor ?? 'Outage'}</strong>
                {i.started_at && <span class="muted small"> · {dateTime(i.started_at)}{i.ended_at ? ` – ${dateTime(i.ended_at)}` : ' – ongoing'}</span>}
                {typeof i.duration_s === 'number' && i.ended_at && <span class="muted small"> ({durationText(i.duration_s)})</span>}
                {i.message && <div class="small">{i.message}</div>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <footer class="public-footer muted small">
        {s.footer && <p>{s.footer}</p>}
        <p>Updated {dateTime(s.updated_at)} · Powered by Everyst</p>
      </footer>
    </div>
  );
}
