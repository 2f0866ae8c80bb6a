import type { ConnectionsRepository } from './connections.repository.js';
import type { DevicesRepository } from './devices.repository.js';
import { isStale, presentConnection, presentDevice, presentScan, type ConnectionView, type DeviceView, type ScanView } from './network.presenter.js';
import { FINAL_STATUSES, type ScansRepository } from './scans.repository.js';

/** rest.md §1.7: the body of `network/topology/`, the `get_network_topology` ack and `network_topology_update`. */
export interface Topology {
  devices: DeviceView[];
  connections: ConnectionView[];
  lastScan: ScanView | null;
  activeScanInProgress: boolean;
}

export class TopologyService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly connections: ConnectionsRepository,
    private readonly scans: ScansRepository,
  ) {}

  async topology(): Promise<Topology> {
    const { devices, connections } = await this.map('lastSeen');
    const lastScan = await this.scans.latest(['in-progress', ...FINAL_STATUSES]);
    const active = await this.scans.active();
    return {
      devices,
      connections,
      lastScan: lastScan ? presentScan(lastScan) : null,
      activeScanInProgress: active.some((s) => s.status === 'queued' || !isStale(s)),
    };
  }

  /** Non-ignored devices and the connections between them. */
  async map(order: 'lastSeen' | 'label'): Promise<{ devices: DeviceView[]; connections: ConnectionView[] }> {
    const devices = await this.devices.visible(order);
    const connections = await this.connections.among(new Set(devices.map((d) => d.id)));
    return { devices: devices.map(presentDevice), connections: connections.map(presentConnection) };
  }
}
