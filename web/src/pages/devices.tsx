import { useEffect, useMemo, useState } from 'preact/hooks';
import { Badge, Card, EmptyState, ErrorState, Loading, PageHeader, StatusBadge } from '../components/ui.tsx';
import { errorText } from '../lib/api.ts';
import { ago, ipKey } from '../lib/format.ts';
import { deviceOs, loadAllDevices, openPorts } from '../lib/devices.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { downloadExport, loadGroups } from '../lib/inventory.ts';
import { linkClick } from '../lib/router.ts';
import { networkVersion } from '../lib/scans.ts';
import { can } from '../lib/session.ts';
import { useStore } from '../lib/store.ts';
import { toast } from '../lib/toasts.ts';
import type { Device, User } from '../lib/types.ts';
import { DeviceEditDialog } from './device-edit.tsx';
import { GroupsCard } from './inventory/groups-card.tsx';
import { ReviewQueue } from './inventory/review-queue.tsx';

type SortKey = 'status' | 'label' | 'ip' | 'mac' | 'vendor' | 'os' | 'ports' | 'lastSeen';
const COLUMNS: Array<[SortKey, string]> = [['status', 'Status'], ['label', 'Name'], ['ip', 'IP address'], ['mac', 'MAC'], ['vendor', 'Vendor'], ['os', 'OS'], ['ports', 'Open ports'], ['lastSeen', 'Last seen']];

function sortValue(d: Device, key: SortKey): string | number {
  switch (key) {
    case 'ip': return ipKey(d.ip);
    case 'lastSeen': return Date.parse(d.lastSeen) || 0;
    case 'ports': return Array.isArray(d.metadata?.ports) ? d.metadata.ports.length : 0;
    case 'os': return deviceOs(d).toLowerCase();
    case 'vendor': return (d.vendor ?? '').toLowerCase();
    case 'mac': return d.mac ?? '';
    default: return String(d[key] ?? '').toLowerCase();
  }
}

function matches(d: Device, q: string): boolean {
  return [d.label, d.hostname, d.ip, d.mac, d.vendor, deviceOs(d), openPorts(d), ...(d.tags ?? []), ...(d.groups ?? [])].some((v) => v && v.toLowerCase().includes(q));
}

export function DevicesPage({ user }: { user: User }) {
  useTitle('Devices');
  const version = useStore(networkVersion);
  const devices = useAsync((signal) => loadAllDevices(signal), []);
  const groups = useAsync((signal) => loadGroups(signal), []);
  const reload = () => {
    devices.reload();
    groups.reload();
  };
  useEffect(() => { if (version > 0) reload(); }, [version]);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState('');
  const [group, setGroup] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'ip', dir: 1 });
  const [editing, setEditing] = useState<Device | null>(null);
  const canEdit = can(user, 'can_manage_network');
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (devices.data ?? [])
      .filter((d) => (!status || d.status === status) && (!group || (d.groups ?? []).some((g) => g.toLowerCase() === group.toLowerCase())) && (!q || matches(d, q)))
      .sort((a, b) => {
        const x = sortValue(a, sort.key), y = sortValue(b, sort.key);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
  }, [devices.data, query, status, group, sort]);
  const download = (format: 'csv' | 'json') => downloadExport(format).catch((e: unknown) => toast({ title: 'Could not export', message: errorText(e), type: 'error' }));
  const toggleSort = (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : 1 }));
  return (
    <>
      <PageHeader title="Devices">
        <input type="search" class="search" placeholder="Search name, IP, MAC, vendor…" aria-label="Search devices" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
        <select aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">All statuses</option>
          {['online', 'offline', 'warning', 'error'].map((s) => <option key={s} value={s}>{s}</option>)}
        </select>
        <select aria-label="Filter by group" value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          <option value="">All groups</option>
          {(groups.data ?? []).map((g) => <option key={g.name} value={g.name}>{g.name}</option>)}
        </select>
        <button type="button" class="btn" onClick={() => void download('csv')}>Export CSV</button>
        <button type="button" class="btn" onClick={() => void download('json')}>Export JSON</button>
      </PageHeader>
      <ReviewQueue canEdit={canEdit} hideEmpty onChanged={reload} />
      <Card>
        {devices.error ? <ErrorState error={devices.error} retry={devices.reload} />
          : !devices.data ? <Loading />
          : devices.data.length === 0 ? <EmptyState title="No devices yet">Start a scan on the Network map page to discover the devices of your network.</EmptyState>
          : (
            <div class="table-wrap">
              <table class="table" data-testid="devices-table">
                <caption class="sr-only">{rows.length} of {devices.data.length} devices</caption>
                <thead>
                  <tr>
                    {COLUMNS.map(([key, text]) => (
                      <th key={key} scope="col" aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : undefined}>
                        <button type="button" class="sort-btn" onClick={() => toggleSort(key)}>{text}<span aria-hidden="true">{sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}</span></button>
                      </th>
                    ))}
                    {canEdit && <th scope="col"><span class="sr-only">Actions</span></th>}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((d) => (
                    <tr key={d.id} class={d.isIgnored ? 'ignored' : ''}>
                      <td><StatusBadge status={d.status} /></td>
                      <td><a href={`/devices/${d.id}`} onClick={linkClick}><strong>{d.label}</strong></a>{d.hostname && d.hostname !== d.label && <div class="muted small">{d.hostname}</div>}
                        {d.isIgnored && <div class="muted small">ignored</div>}
                        {d.groups && d.groups.length > 0 && <div class="muted small">{d.groups.join(', ')}</div>}</td>
                      <td class="mono">{d.ip ?? '—'}</td>
                      <td class="mono small">{d.mac ?? '—'}{d.macRandomized && <div><Badge tone="warning">randomised</Badge></div>}</td>
                      <td>{d.vendor ?? <span class="muted">—</span>}</td>
                      <td>{deviceOs(d) || <span class="muted">—</span>}</td>
                      <td class="small">{openPorts(d) || <span class="muted">—</span>}</td>
                      <td title={d.lastSeen}>{ago(d.lastSeen)}</td>
                      {canEdit && <td><button type="button" class="btn small" onClick={() => setEditing(d)} aria-label={`Edit ${d.label}`}>Edit</button></td>}
                    </tr>
                  ))}
                </tbody>
              </table>
              {rows.length === 0 && <EmptyState title="No device matches this search" />}
            </div>
          )}
      </Card>
      {groups.data && devices.data && <GroupsCard groups={groups.data} devices={devices.data} selected={group} canEdit={canEdit} onSelect={setGroup} onChanged={reload} />}
      {editing && <DeviceEditDialog device={editing} onClose={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />}
    </>
  );
}
