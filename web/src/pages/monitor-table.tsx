import { MonitorStatusBadge } from '../components/monitor-status.tsx';
import { Sparkline } from '../components/sparkline.tsx';
import { ago } from '../lib/format.ts';
import { msText, targetText, TYPE_TEXT, uptimeText, type Monitor } from '../lib/monitors.ts';
import { linkClick } from '../lib/router.ts';

/** The monitors of one page; below 640 px each row stacks into a card (monitors.css), so nothing scrolls sideways. */
export function MonitorTable({ rows }: { rows: Monitor[] }) {
  return (
    <table class="table monitor-table" data-testid="monitors-table">
      <thead>
        <tr>
          <th scope="col">Status</th><th scope="col">Name</th><th scope="col">Type</th><th scope="col">Target</th>
          <th scope="col">Response</th><th scope="col">24 h</th><th scope="col">30 d</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((m) => (
          <tr key={m.id} data-monitor={m.name}>
            <td class="cell-status"><MonitorStatusBadge status={m.status} /></td>
            <td class="cell-name">
              <a href={`/monitors/${m.id}`} onClick={linkClick}><strong>{m.name}</strong></a>
              {m.tags.length > 0 && <div class="tag-list">{m.tags.map((t) => <span key={t} class="tag">{t}</span>)}</div>}
              {m.last_message && <div class="muted small clip" title={m.last_message}>{m.last_message} · {ago(m.last_checked_at)}</div>}
            </td>
            <td class="cell-type" data-label="Type">{TYPE_TEXT[m.type] ?? m.type}</td>
            <td class="cell-target mono small" data-label="Target"><span class="clip" title={targetText(m)}>{targetText(m)}</span></td>
            <td class="cell-response" data-label="Response">
              <div class="response">
                <Sparkline values={m.recent_response_ms ?? []} label={`${m.name} response times`} />
                <span class="small" data-testid="last-response">{msText(m.last_response_ms)}</span>
              </div>
            </td>
            <td class="cell-uptime" data-label="24 h">{uptimeText(m.uptime_24h)}</td>
            <td class="cell-uptime" data-label="30 d">{uptimeText(m.uptime_30d)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
