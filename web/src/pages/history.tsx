import { useState } from 'preact/hooks';
import { LineChart } from '../components/chart.tsx';
import { HostSwitcher } from '../components/host-switcher.tsx';
import { Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import { rate } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { hostQuery, watchedHost } from '../lib/hosts.ts';
import { useStore } from '../lib/store.ts';

interface HistoryPoint { timestamp: string; cpu_usage: number | null; memory_usage: number | null; disk_usage: number | null; network_rx: number | null; network_tx: number | null; load_1: number | null }
interface History { from: string; to: string; resolution: string; resolution_seconds: number; count: number; results: HistoryPoint[] }

const RANGES: Array<[string, string]> = [['1h', '1 hour'], ['6h', '6 hours'], ['24h', '24 hours'], ['7d', '7 days'], ['30d', '30 days'], ['365d', '1 year']];
const FIELDS = 'cpu_usage,memory_usage,disk_usage,network_rx,network_tx,load_1';

/** Stored history (metrics.md §4): minute, hour or day samples, gaps left as gaps. */
export function HistoryPage() {
  useTitle('History');
  const [range, setRange] = useState('1h');
  // A dragged window: asked for with from/to, so the server answers it in the finest tier that fits.
  const [zoom, setZoom] = useState<{ from: number; to: number } | null>(null);
  const host = useStore(watchedHost);
  const windowQuery = zoom ? `from=${new Date(zoom.from).toISOString()}&to=${new Date(zoom.to).toISOString()}` : `range=${range}`;
  const history = useAsync((signal) => api<History>(`system/metrics/history/?${windowQuery}&max_points=300&fields=${FIELDS}${hostQuery(host)}`, { signal }), [windowQuery, host]);
  const data = history.data;
  const spanMs = data ? Date.parse(data.to) - Date.parse(data.from) : 0;
  const long = spanMs > 2 * 86_400_000;
  // No timeZone option: times are the browser's own zone, named under the charts.
  const formatX = (t: number) => new Date(t).toLocaleString(undefined, long ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit' });
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const windowText = (from: number, to: number) =>
    `${new Date(from).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })} – ${new Date(to).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}`;
  const points = withGaps(data);
  const times = points.map((p) => Date.parse(p.timestamp));
  const from = data ? Date.parse(data.from) : undefined;
  const to = data ? Date.parse(data.to) : undefined;
  const onZoom = (a: number, b: number) => setZoom({ from: a, to: Math.max(b, a + 60_000) });
  const pick = (key: keyof HistoryPoint) => points.map((p) => p[key] as number | null);
  return (
    <>
      <PageHeader title="History">
        <HostSwitcher />
        <div class="segmented" role="group" aria-label="Time range">
          {RANGES.map(([value, text]) => (
            <button key={value} type="button" class={range === value && !zoom ? 'active' : ''} aria-pressed={range === value && !zoom} onClick={() => { setZoom(null); setRange(value); }}>{text}</button>
          ))}
        </div>
      </PageHeader>
      {zoom && (
        <p class="zoom-bar">
          <span data-testid="zoom-window">Zoomed to {windowText(zoom.from, zoom.to)}</span>
          <button type="button" class="btn" onClick={() => setZoom(null)}>Reset zoom</button>
        </p>
      )}
      {history.error ? <ErrorState error={history.error} retry={history.reload} />
        : !data ? <Loading />
        : data.count === 0 ? (
          <EmptyState title="No history for this period yet">The server stores one sample a minute; charts appear after the first minutes.</EmptyState>
        ) : (
          <div class="grid-2">
            <p class="muted span-2" data-testid="history-summary">
              {data.count} {data.count === 1 ? 'sample' : 'samples'}, {data.resolution} resolution · times in {zone}
              {zoom ? '' : ' · drag across a chart to zoom'}{history.loading ? ' · refreshing…' : ''}
            </p>
            <Card title="CPU and memory">
              <LineChart label="CPU and memory history" times={times} from={from} to={to} max={100} formatX={formatX} onZoom={onZoom} format={(v) => `${v.toFixed(0)} %`}
                series={[{ name: 'CPU', tone: 1, values: pick('cpu_usage') }, { name: 'Memory', tone: 2, values: pick('memory_usage') }]} />
            </Card>
            <Card title="Network">
              <LineChart label="Network history" times={times} from={from} to={to} formatX={formatX} onZoom={onZoom} bytes format={(v) => rate(v)}
                series={[{ name: 'Received', tone: 3, values: pick('network_rx') }, { name: 'Sent', tone: 4, values: pick('network_tx') }]} />
            </Card>
            <Card title="Disk usage">
              <LineChart label="Root filesystem usage history" times={times} from={from} to={to} max={100} formatX={formatX} onZoom={onZoom} format={(v) => `${v.toFixed(0)} %`}
                series={[{ name: 'Disk /', tone: 2, values: pick('disk_usage') }]} />
            </Card>
            <Card title="Load (1 min)">
              <LineChart label="Load average history" times={times} from={from} to={to} formatX={formatX} onZoom={onZoom} format={(v) => v.toFixed(2)}
                series={[{ name: 'Load', tone: 1, values: pick('load_1') }]} />
            </Card>
          </div>
        )}
    </>
  );
}

/** Inserts an empty point where samples are missing (server down), so the line breaks instead of bridging. */
function withGaps(data: History | undefined): HistoryPoint[] {
  if (!data) return [];
  const out: HistoryPoint[] = [];
  const step = data.resolution_seconds * 1000;
  for (const p of data.results) {
    const prev = out[out.length - 1];
    const t = Date.parse(p.timestamp);
    if (prev && t - Date.parse(prev.timestamp) > step * 2.5) {
      out.push({ timestamp: new Date(Date.parse(prev.timestamp) + step).toISOString(), cpu_usage: null, memory_usage: null, disk_usage: null, network_rx: null, network_tx: null, load_1: null });
    }
    out.push(p);
  }
  return out;
}
