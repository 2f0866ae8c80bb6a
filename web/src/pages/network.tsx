import { useEffect, useState } from 'preact/hooks';
import { TopologyGraph } from '../components/topology.tsx';
import { Card, EmptyState, ErrorState, Loading, PageHeader, StatusBadge } from '../components/ui.tsx';
import { api } from '../lib/api.ts';
import { ago } from '../lib/format.ts';
import { deviceOs, openPorts } from '../lib/devices.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { networkVersion } from '../lib/scans.ts';
import { can } from '../lib/session.ts';
import { useStore } from '../lib/store.ts';
import type { Topology, User } from '../lib/types.ts';
import { DeviceEditDialog } from './device-edit.tsx';
import { ScanPanel } from './scan-panel.tsx';

/** The network map (topology from `network/topology/`) with the scan controls. */
export function NetworkPage({ user }: { user: User }) {
  useTitle('Network map');
  const version = useStore(networkVersion);
  const topology = useAsync((signal) => api<Topology>('network/topology/', { signal }), []);
  useEffect(() => { if (version > 0) topology.reload(); }, [version]);
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const data = topology.data;
  const device = data?.devices.find((d) => d.id === selected) ?? null;
  const canManage = can(user, 'can_manage_network');
  return (
    <>
      <PageHeader title="Network map">
        {data?.lastScan && <span class="muted">Last scan {ago(data.lastScan.timestamp)} · {data.lastScan.discoveredDevices} devices</span>}
      </PageHeader>
      <ScanPanel canScan={canManage} />
      <div class="map-layout">
        <Card title="Topology" class="map-card">
          {topology.error ? <ErrorState error={topology.error} retry={topology.reload} />
            : !data ? <Loading />
            : data.devices.length === 0 ? <EmptyState title="The map is empty">{canManage ? 'Start a scan above to discover devices.' : 'Devices appear here after a scan.'}</EmptyState>
            : <TopologyGraph devices={data.devices} connections={data.connections} selected={selected} onSelect={setSelected} />}
        </Card>
        <Card title="Details" class="details-card">
          {!device ? <p class="muted">Select a device on the map to see its details.</p> : (
            <>
              <h3 class="subhead">{device.label} <StatusBadge status={device.status} /></h3>
              <dl class="facts">
                <div><dt>Type</dt><dd>{device.type}</dd></div>
                <div><dt>IP</dt><dd class="mono">{device.ip ?? '—'}</dd></div>
                <div><dt>MAC</dt><dd class="mono">{device.mac ?? '—'}</dd></div>
                <div><dt>Vendor</dt><dd>{device.vendor ?? '—'}</dd></div>
                <div><dt>Host name</dt><dd>{device.hostname ?? '—'}</dd></div>
                <div><dt>OS</dt><dd>{deviceOs(device) || '—'}</dd></div>
                <div><dt>Open ports</dt><dd>{openPorts(device) || '—'}</dd></div>
                <div><dt>Last seen</dt><dd>{ago(device.lastSeen)}</dd></div>
              </dl>
              {canManage && <button type="button" class="btn" onClick={() => setEditing(true)}>Edit device</button>}
            </>
          )}
        </Card>
      </div>
      {editing && device && <DeviceEditDialog device={device} onClose={() => setEditing(false)} onSaved={() => { setEditing(false); topology.reload(); }} />}
    </>
  );
}
