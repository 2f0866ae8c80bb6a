import { MonitorStatusBadge } from '../components/monitor-status.tsx';
import { EmptyState } from '../components/ui.tsx';
import { dateTime } from '../lib/format.ts';
import { durationText, msText, uptimeText, type Heartbeat, type Incident, type Uptime, type Window } from '../lib/monitors.ts';

const beatTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });
const WINDOWS: Array<[Window, string]> = [['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days'], ['365d', '1 year']];

/** Uptime, average and 95th-percentile response time over the four windows of `uptime/`. */
export function UptimeWindows({ uptime }: { uptime: Uptime | undefined }) {
  return (
    <div class="stats uptime-windows">
      {WINDOWS.map(([key, text]) => (
        <div key={key} class="stat card">
          <span class="stat-label">Uptime {text}</span>
          <strong class="stat-value" data-testid={`uptime-${key}`}>{uptime ? uptimeText(uptime[key]) : '…'}</strong>
          <span class="muted small">avg {msText(uptime?.avg_response_ms?.[key])} · p95 {msText(uptime?.p95_response_ms?.[key])}</span>
        </div>
      ))}
    </div>
  );
}

export function IncidentList({ incidents }: { incidents: Incident[] | undefined }) {
  if (!incidents) return <p class="muted">Loading…</p>;
  if (incidents.length === 0) return <EmptyState title="No incidents">This monitor has not been down.</EmptyState>;
  return (
    <ul class="plain-list incidents" data-testid="incidents">
      {incidents.map((i) => (
        <li key={i.started_at}>
          <strong>{i.ended_at ? `Down for ${durationText(i.duration_s)}` : 'Down now'}</strong>
          <span class="muted small"> · {dateTime(i.started_at)}{i.ended_at ? ` – ${dateTime(i.ended_at)}` : ''}</span>
          {i.message && <div class="small">{i.message}</div>}
        </li>
      ))}
    </ul>
  );
}

/** The newest heartbeats; a change of status is marked. */
export function HeartbeatList({ beats }: { beats: Heartbeat[] }) {
  if (beats.length === 0) return <p class="muted">No checks yet.</p>;
  return (
    <div class="table-wrap">
      <table class="table heartbeat-table" data-testid="heartbeats">
        <thead><tr><th scope="col">Time</th><th scope="col">Status</th><th scope="col">Response</th><th scope="col">Message</th></tr></thead>
        <tbody>
          {beats.map((b) => (
            <tr key={b.time} class={b.important ? 'important' : ''}>
              <td>{beatTime.format(new Date(b.time))}</td>
              <td><MonitorStatusBadge status={b.status} />{b.important && <span class="sr-only"> (status changed)</span>}</td>
              <td>{msText(b.response_ms)}</td>
              <td class="small">{b.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
