import type { MetricsSnapshot } from './snapshot.js';

/** Values from outside the host reading (database, sockets, HTTP layer) for `GET /metrics`. */
export interface PrometheusExtras {
  /** Device count per status, e.g. `{ online: 12, offline: 3 }`. */
  devices?: Record<string, number>;
  /** Open (unresolved) alert count per severity, e.g. `{ high: 1, critical: 0 }`. */
  alertsOpen?: Record<string, number>;
  socketConnections?: number;
  httpRequests?: { method: string; route: string; status: number | string; count: number }[];
  /** Upper bounds in seconds (ascending); `cumulativeCounts[i]` = requests that took ≤ `buckets[i]`. */
  httpDurations?: { buckets: number[]; cumulativeCounts: number[]; sum: number; count: number };
  /** Defaults to `extended.host.everyst_version`. */
  version?: string;
  /** Families other modules render (the monitors'), appended as they are. */
  moduleFamilies?: string[];
  /** Other hosts' readings (agents): their series join the host families with a `host` label. */
  hosts?: Array<{ host: string; snapshot: MetricsSnapshot }>;
}

export type Labels = Record<string, string | number>;
export type Sample = { labels?: Labels; value: number; suffix?: string };

const escapeLabel = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function formatLabels(labels: Labels | undefined): string {
  if (!labels) return '';
  const parts = Object.entries(labels).map(([key, value]) => `${key}="${escapeLabel(String(value))}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

export function family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: Sample[]): string {
  const lines = [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`];
  for (const sample of samples) lines.push(`${name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatValue(sample.value)}`);
  return lines.join('\n');
}

const fromRecord = (key: string, record: Record<string, number> | undefined): Sample[] =>
  Object.entries(record ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([label, value]) => ({ labels: { [key]: label }, value }));

function histogram(name: string, help: string, data: PrometheusExtras['httpDurations']): string {
  const samples: Sample[] = [];
  if (data) {
    data.buckets.forEach((le, i) => samples.push({ suffix: '_bucket', labels: { le: formatValue(le) }, value: data.cumulativeCounts[i] ?? 0 }));
    samples.push({ suffix: '_bucket', labels: { le: '+Inf' }, value: data.count });
    samples.push({ suffix: '_sum', value: data.sum }, { suffix: '_count', value: data.count });
  }
  return family(name, 'histogram', help, samples);
}

/** Text exposition format 0.0.4 (`Content-Type: text/plain; version=0.0.4; charset=utf-8`) of metrics.md §6. */
/** The families of host readings: the serving host's series unlabelled, other hosts' with `host`. */
function hostFamilies(readings: Array<{ labels: Labels; snapshot: MetricsSnapshot }>): string[] {
  const each = (pick: (snapshot: MetricsSnapshot) => Sample[]): Sample[] =>
    readings.flatMap(({ labels, snapshot }) => pick(snapshot).map((s) => ({ ...s, labels: { ...labels, ...s.labels } })));
  const fsLabels = (fs: MetricsSnapshot['extended']['filesystems'][number]) => ({ mount_point: fs.mount_point, fs_type: fs.fs_type });
  return [
    family('everyst_cpu_usage_percent', 'gauge', 'Non-idle share of all logical CPUs since the previous reading.', each((s) => [{ value: s.cpu_usage }])),
    family('everyst_cpu_core_usage_percent', 'gauge', 'Non-idle share of each logical CPU.',
      each((s) => s.extended.cpu.per_core_usage_percent.map((value, core) => ({ labels: { core }, value })))),
    family('everyst_load_average', 'gauge', 'System load average.',
      each((s) => (['1m', '5m', '15m'] as const).map((period) => ({ labels: { period }, value: s.extended.cpu.load_average[period] })))),
    family('everyst_memory_total_bytes', 'gauge', 'Total memory.', each((s) => [{ value: s.extended.memory.total_bytes }])),
    family('everyst_memory_used_bytes', 'gauge', 'Memory in use (total minus available).', each((s) => [{ value: s.extended.memory.used_bytes }])),
    family('everyst_memory_available_bytes', 'gauge', 'Memory available for new work.', each((s) => [{ value: s.extended.memory.available_bytes }])),
    family('everyst_swap_total_bytes', 'gauge', 'Total swap space.', each((s) => [{ value: s.extended.swap.total_bytes }])),
    family('everyst_swap_used_bytes', 'gauge', 'Swap space in use.', each((s) => [{ value: s.extended.swap.used_bytes }])),
    family('everyst_filesystem_size_bytes', 'gauge', 'Filesystem size.', each((s) => s.extended.filesystems.map((fs) => ({ labels: fsLabels(fs), value: fs.total_bytes })))),
    family('everyst_filesystem_used_bytes', 'gauge', 'Filesystem space in use.', each((s) => s.extended.filesystems.map((fs) => ({ labels: fsLabels(fs), value: fs.used_bytes })))),
    family('everyst_filesystem_available_bytes', 'gauge', 'Filesystem space available to unprivileged users.',
      each((s) => s.extended.filesystems.map((fs) => ({ labels: fsLabels(fs), value: fs.available_bytes })))),
    family('everyst_disk_read_bytes_per_second', 'gauge', 'Bytes read per second from each block device.',
      each((s) => s.extended.disk_io.devices.map((d) => ({ labels: { device: d.name }, value: d.read_bytes_per_sec })))),
    family('everyst_disk_write_bytes_per_second', 'gauge', 'Bytes written per second to each block device.',
      each((s) => s.extended.disk_io.devices.map((d) => ({ labels: { device: d.name }, value: d.write_bytes_per_sec })))),
    family('everyst_network_receive_bytes_total', 'counter', 'Bytes received by each interface since boot.',
      each((s) => s.extended.network.interfaces.map((i) => ({ labels: { interface: i.name }, value: i.rx_bytes_total })))),
    family('everyst_network_transmit_bytes_total', 'counter', 'Bytes sent by each interface since boot.',
      each((s) => s.extended.network.interfaces.map((i) => ({ labels: { interface: i.name }, value: i.tx_bytes_total })))),
    family('everyst_temperature_celsius', 'gauge', 'Temperature of each sensor.',
      each((s) => s.extended.temperatures.map((t) => ({ labels: { sensor: t.sensor, label: t.label }, value: t.current_celsius })))),
    family('everyst_uptime_seconds', 'gauge', 'Seconds since the host booted.', each((s) => [{ value: s.extended.host.uptime_seconds }])),
  ];
}

/** Text exposition format 0.0.4 (`Content-Type: text/plain; version=0.0.4; charset=utf-8`) of metrics.md §6. */
export function renderPrometheus(snapshot: MetricsSnapshot, extras: PrometheusExtras = {}): string {
  const families = [
    ...hostFamilies([{ labels: {}, snapshot }, ...(extras.hosts ?? []).map((h) => ({ labels: { host: h.host }, snapshot: h.snapshot }))]),
    family('everyst_devices', 'gauge', 'Known network devices per status.', fromRecord('status', extras.devices)),
    family('everyst_alerts_open', 'gauge', 'Unresolved alerts per severity.', fromRecord('severity', extras.alertsOpen)),
    family('everyst_socket_connections', 'gauge', 'Connected Socket.IO clients of this instance.', [{ value: extras.socketConnections ?? 0 }]),
    family('everyst_http_requests_total', 'counter', 'HTTP requests served.',
      (extras.httpRequests ?? []).map((r) => ({ labels: { method: r.method, route: r.route, status: r.status }, value: r.count }))),
    histogram('everyst_http_request_duration_seconds', 'HTTP request duration.', extras.httpDurations),
    family('everyst_build_info', 'gauge', 'Everyst build information.', [{ labels: { version: extras.version ?? snapshot.extended.host.everyst_version }, value: 1 }]),
    ...(extras.moduleFamilies ?? []).filter((text) => text !== ''),
  ];
  return `${families.join('\n')}\n`;
}
