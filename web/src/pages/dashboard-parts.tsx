import { Meter } from '../components/ui.tsx';
import { bytes, percent } from '../lib/format.ts';
import type { Metrics } from '../lib/metrics.ts';

export function Filesystems({ metrics }: { metrics: Metrics | null }) {
  const list = metrics?.extended?.filesystems;
  if (!metrics) return <p class="muted">Waiting for the first sample…</p>;
  if (!list || list.length === 0) {
    return (
      <div class="fs-row">
        <div class="fs-head"><strong>/</strong><span>{percent(metrics.disk_usage)}</span></div>
        <Meter value={metrics.disk_usage} label={`/ ${percent(metrics.disk_usage)} used`} />
      </div>
    );
  }
  return (
    <ul class="plain-list">
      {list.map((fs) => (
        <li key={fs.mount_point} class="fs-row">
          <div class="fs-head">
            <strong>{fs.mount_point}</strong>
            <span class="muted small">{fs.fs_type} · {bytes(fs.used_bytes)} of {bytes(fs.total_bytes)}</span>
            <span>{percent(fs.usage_percent)}</span>
          </div>
          <Meter value={fs.usage_percent} label={`${fs.mount_point} ${percent(fs.usage_percent)} used`} />
        </li>
      ))}
    </ul>
  );
}

export function HostFacts({ metrics }: { metrics: Metrics | null }) {
  const info = metrics?.server_info;
  if (!info) return <p class="muted">Waiting for the first sample…</p>;
  const ext = metrics.extended;
  const rows: Array<[string, string | undefined]> = [
    ['Host name', info.hostname],
    ['Operating system', ext?.host?.os_pretty_name ?? info.os],
    ['Kernel', info.kernel],
    ['Architecture', info.architecture],
    ['CPU', ext?.cpu?.model ?? undefined],
    ['Private IP', info.private_ip],
    ['Public IP', info.public_ip],
    ['Processes', ext?.processes ? `${ext.processes.total} (${ext.processes.threads} threads)` : undefined],
    ['Swap', ext?.swap && ext.swap.total_bytes > 0 ? `${bytes(ext.swap.used_bytes)} of ${bytes(ext.swap.total_bytes)}` : 'none'],
    ['Everyst', ext?.host?.everyst_version],
  ];
  return (
    <dl class="facts">
      {rows.filter(([, v]) => v).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
    </dl>
  );
}
