import { useEffect, useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Badge, Card, ErrorState, Loading, PageHeader, StatusBadge } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { deviceOs, loadAllDevices, openPorts } from '../lib/devices.ts';
import { ago, dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { linkClick, navigate } from '../lib/router.ts';
import { networkVersion } from '../lib/scans.ts';
import { can } from '../lib/session.ts';
import { useStore } from '../lib/store.ts';
import { toast } from '../lib/toasts.ts';
import type { Device, User } from '../lib/types.ts';
import { DeviceEditDialog } from './device-edit.tsx';
import { ChangesCard, PresenceCard } from './inventory/device-history.tsx';
import { MergeDialog } from './inventory/device-merge.tsx';

function Fact({ label, children }: { label: string; children: preact.ComponentChildren }) {
  return <div><dt>{label}</dt><dd>{children}</dd></div>;
}

/** One device: what scans know of it, its presence sessions and address changes; edit, merge, delete. */
export function DevicePage({ user, id }: { user: User; id: string }) {
  const version = useStore(networkVersion);
  const device = useAsync((signal) => api<Device>(`network/devices/${id}/`, { signal }), [id]);
  useEffect(() => { if (version > 0) device.reload(); }, [version]);
  const [dialog, setDialog] = useState<'edit' | 'delete' | 'merge' | null>(null);
  const [all, setAll] = useState<Device[] | null>(null);
  const d = device.data;
  useTitle(d?.label ?? 'Device');
  const canEdit = can(user, 'can_manage_network');
  const remove = async () => {
    try {
      await api(`network/devices/${id}/`, { method: 'DELETE' });
      toast({ title: 'Device deleted', message: d?.label, type: 'success' });
      navigate('/devices');
    } catch (e) {
      toast({ title: 'Could not delete the device', message: errorText(e), type: 'error' });
    }
  };
  const openMerge = async () => {
    setAll(await loadAllDevices());
    setDialog('merge');
  };
  if (device.error && !d) return <ErrorState error={device.error} retry={device.reload} />;
  if (!d) return <Loading />;
  return (
    <>
      <p class="small"><a href="/devices" onClick={linkClick}>← Devices</a></p>
      <PageHeader title={d.label}>
        {canEdit && (
          <>
            <button type="button" class="btn" onClick={() => setDialog('edit')}>Edit</button>
            <button type="button" class="btn" onClick={() => void openMerge()}>Merge…</button>
            <button type="button" class="btn danger" onClick={() => setDialog('delete')}>Delete</button>
          </>
        )}
      </PageHeader>
      <Card>
        <p class="device-badges">
          <StatusBadge status={d.status} /> {d.reviewed === false && <Badge tone="info">new</Badge>}{' '}
          {d.macRandomized && <Badge tone="warning">randomised MAC</Badge>} {d.isIgnored && <Badge tone="muted">ignored</Badge>}
        </p>
        <dl class="device-facts" data-testid="device-facts">
          <Fact label="IP address"><span class="mono">{d.ip ?? '—'}</span></Fact>
          <Fact label="MAC"><span class="mono">{d.mac ?? '—'}</span></Fact>
          <Fact label="Vendor">{d.vendor ?? (d.macRandomized ? 'unknown (private address)' : '—')}</Fact>
          <Fact label="Host name">{d.hostname ?? '—'}</Fact>
          <Fact label="Type">{d.type}</Fact>
          <Fact label="OS">{deviceOs(d) || '—'}</Fact>
          <Fact label="First seen"><span title={d.firstSeen ?? undefined}>{dateTime(d.firstSeen)}</span></Fact>
          <Fact label="Last seen"><span title={d.lastSeen}>{dateTime(d.lastSeen)} ({ago(d.lastSeen)})</span></Fact>
          <Fact label="Groups">{d.groups?.length ? d.groups.join(', ') : '—'}</Fact>
          <Fact label="Tags">{d.tags?.length ? d.tags.join(', ') : '—'}</Fact>
          <Fact label="Open ports">{openPorts(d) || '—'}</Fact>
        </dl>
      </Card>
      <div class="device-grid">
        <PresenceCard id={id} tick={version} />
        <ChangesCard id={id} tick={version} />
      </div>
      {dialog === 'edit' && <DeviceEditDialog device={d} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); device.reload(); }} />}
      {dialog === 'merge' && all && <MergeDialog device={d} devices={all} onClose={() => setDialog(null)} onMerged={(kept) => navigate(`/devices/${kept.id}`)} />}
      {dialog === 'delete' && <ConfirmDialog title="Delete device" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove()}
        message={<>Delete <strong>{d.label}</strong> and its presence history? A later scan that sees it adds it again.</>} />}
    </>
  );
}
