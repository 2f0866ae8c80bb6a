import type { Logger } from 'pino';
import type { EventBus } from '../../realtime/bus.js';
import type { ConnectionView, DeviceView } from './network.presenter.js';
import type { TopologyService } from './topology.service.js';

export type NetworkUpdateType = 'new_device' | 'device_status_change' | 'new_connection';

/** The server → client network events of realtime.md §6; every connected socket receives them. */
export class NetworkEvents {
  constructor(private readonly bus: EventBus, private readonly topology: TopologyService, private readonly logger: Logger) {}

  networkUpdate(type: NetworkUpdateType, payload: DeviceView | ConnectionView): void {
    this.bus.toClients('network_update', { type, payload });
  }

  deviceUpdated(device: DeviceView): void {
    this.bus.toClients('device_updated', device);
  }

  mapUpdated(): void {
    this.bus.toClients('network_map_updated', undefined);
  }

  scanProgress(payload: Record<string, unknown>): void {
    this.bus.toClients('scan_progress', payload);
  }

  async topologyChanged(): Promise<void> {
    try {
      this.bus.toClients('network_topology_update', await this.topology.topology());
    } catch (err) {
      this.logger.error({ err }, 'network_topology_update failed');
    }
  }
}
