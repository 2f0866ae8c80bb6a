import { conflict } from '../../errors.js';
import type { ConnectionsRepository } from './connections.repository.js';
import type { DevicesRepository } from './devices.repository.js';
import { presentConnection, presentDevice, presentScan } from './network.presenter.js';
import { ACTIVE_STATUSES, type Scan, type ScansRepository } from './scans.repository.js';

/** What one scan saw: `network/scans/{id}/results/` and `get_network_scan_results`. */
export class ScanResults {
  constructor(
    private readonly scans: ScansRepository,
    private readonly devices: DevicesRepository,
    private readonly connections: ConnectionsRepository,
  ) {}

  private async observed(scan: Scan) {
    const rows = await this.scans.scanDevices(scan.id);
    const devices = (await this.devices.findMany(rows.filter((r) => r.observed).map((r) => r.deviceId)))
      .sort((a, b) => a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
    return { rows, devices };
  }

  async rest(scan: Scan) {
    const { rows, devices } = await this.observed(scan);
    return {
      scan: presentScan(scan),
      devices: devices.map(presentDevice),
      new_device_ids: rows.filter((r) => r.isNew).map((r) => r.deviceId),
      offline_device_ids: rows.filter((r) => r.wentOffline).map((r) => r.deviceId),
    };
  }

  async socket(scan: Scan) {
    if ((ACTIVE_STATUSES as readonly string[]).includes(scan.status)) {
      throw conflict(`Scan not completed. Current status: ${scan.status}`, { db_status: scan.status, progress: scan.progress });
    }
    const { devices } = await this.observed(scan);
    const connections = await this.connections.among(new Set(devices.map((d) => d.id)));
    return {
      status: 'success', scan_id: scan.id, job_id: scan.jobId, scan_time: scan.duration, device_count: devices.length,
      connection_count: connections.length, devices: devices.map(presentDevice), connections: connections.map(presentConnection),
      warning: scan.warning,
    };
  }
}
