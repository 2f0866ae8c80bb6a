import { useEffect } from 'preact/hooks';
import { LineChart } from '../components/chart.tsx';
import { HostSwitcher } from '../components/host-switcher.tsx';
import { Badge, Card, Meter, PageHeader } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import { bytes, percent, rate } from '../lib/format.ts';
import { useTitle } from '../lib/hooks.ts';
import { hostQuery, watchedHost } from '../lib/hosts.ts';
import { linkClick } from '../lib/router.ts';
import { acceptMetrics, latestMetrics, liveSeries, type Metrics, WINDOW_MS } from '../lib/metrics.ts';
import { useStore } from '../lib/store.ts';
import { HostFacts, Filesystems } from './dashboard-parts.tsx';

function Stat({ label, value, detail, pct, testid }: { label: string; value: string; detail?: string; pct?: number; testid: string }) {
  return (
    <div class="stat card">
      <span class="stat-label">{label}</span>
      <strong class="stat-value" data-testid={testid}>{value}</strong>
      {pct !== undefined && <Meter value={pct} label={`${label} ${percent(pct)}`} />}
      {detail && <span class="muted small">{detail}</span>}
    </div>
  );
}

/** Live host metrics: `metrics_update` every interval, charts of the last minutes; this server or an agent. */
export function DashboardPage() {
  useTitle('Dashboard');
  const m = useStore(latestMetrics);
  const series = useStore(liveSeries);
  const host = useStore(watchedHost);
  useEffect(() => {
    // Fills the page at once if the socket has not delivered a sample yet.
    if (!latestMetrics.get()) api<Metrics>(`system/metrics/current/${hostQuery(host, true)}`).then((sample) => acceptMetrics(sample, host), () => undefined);
  }, [host]);
  const times = series.map((p) => p.t);
  const to = times.length ? times[times.length - 1] : Date.now();
  // The window grows from one minute to WINDOW_MS as samples arrive, so a fresh page is not an empty chart.
  const from = Math.min(to - 60_000, Math.max(times[0] ?? to, to - WINDOW_MS));
  const load = m?.extended?.cpu?.load_average;
  return (
    <>
      <PageHeader title="Dashboard">
        <HostSwitcher />
        {m?.server_info && <span class="muted">{m.server_info.hostname} · updated <time data-testid="metrics-time" dateTime={m.timestamp}>{new Date(m.timestamp).toLocaleTimeString()}</time></span>}
      </PageHeader>
      <div class="stats">
        <Stat testid="stat-cpu" label="CPU" value={m ? percent(m.cpu_usage) : '—'} pct={m?.cpu_usage}
          detail={m ? `${m.cpu_cores} cores · ${m.cpu_speed.toFixed(1)} GHz${load ? ` · load ${load['1m'].toFixed(2)}` : ''}` : 'Waiting for the first sample…'} />
        <Stat testid="stat-memory" label="Memory" value={m ? percent(m.memory_usage) : '—'} pct={m?.memory_usage}
          detail={m ? `${m.memory_used.toFixed(1)} of ${m.memory_total.toFixed(1)} GB` : undefined} />
        <Stat testid="stat-disk" label="Disk /" value={m ? percent(m.disk_usage) : '—'} pct={m?.disk_usage}
          detail={m ? `${m.disk_used.toFixed(1)} of ${m.disk_total.toFixed(1)} GB` : undefined} />
        <Stat testid="stat-network" label="Network" value={m ? `↓ ${rate(m.network_rx)}` : '—'} detail={m ? `↑ ${rate(m.network_tx)}` : undefined} />
        <Stat testid="stat-uptime" label="Uptime" value={m?.uptime?.duration ?? '—'} detail={m?.uptime ? `${m.uptime.percentage.toFixed(2)} % available (30 d)` : undefined} />
      </div>
      <div class="grid-2">
        <Card title="CPU and memory">
          <LineChart label="CPU and memory usage" times={times} from={from} to={to} max={100} format={(v) => `${v.toFixed(0)} %`}
            series={[{ name: 'CPU', tone: 1, values: series.map((p) => p.cpu) }, { name: 'Memory', tone: 2, values: series.map((p) => p.memory) }]} />
        </Card>
        <Card title="Network">
          <LineChart label="Network throughput" times={times} from={from} to={to} bytes format={(v) => rate(v)}
            series={[{ name: 'Received', tone: 3, values: series.map((p) => p.rx) }, { name: 'Sent', tone: 4, values: series.map((p) => p.tx) }]} />
        </Card>
        <Card title="Disk activity">
          <LineChart label="Disk reads and writes" times={times} from={from} to={to} bytes format={(v) => rate(v)}
            series={[{ name: 'Read', tone: 1, values: series.map((p) => p.read) }, { name: 'Write', tone: 4, values: series.map((p) => p.write) }]} />
        </Card>
        <Card title="Filesystems"><Filesystems metrics={m} /></Card>
      </div>
      <div class="grid-2">
        <Card title="Host"><HostFacts metrics={m} /></Card>
        <Card title="Alerts and security">
          {m?.security && (
            <p>Security status: <Badge tone={m.security.status === 'success' ? 'ok' : m.security.status}>{m.security.status === 'success' ? 'good' : m.security.status}</Badge>{' '}
              <a href="/security" onClick={linkClick}>Details and how to fix</a></p>
          )}
          {m?.alerts && m.alerts.length > 0 ? (
            <ul class="plain-list">{m.alerts.map((a, i) => <li key={i}><Badge tone={a.severity}>{a.severity}</Badge> {a.title} <span class="muted">· {a.serverId}</span></li>)}</ul>
          ) : <p class="muted">No open alerts.</p>}
          {m?.extended?.memory && <p class="muted small">Cached {bytes(m.extended.memory.cached_bytes)} · available {bytes(m.extended.memory.available_bytes)}</p>}
        </Card>
      </div>
    </>
  );
}
