import { randomUUID } from 'node:crypto';
import type { App } from '../../src/app.js';
import { ScansRepository, scanColumns, type Scan } from '../../src/modules/network/scans.repository.js';
import { targetSetKey } from '../../src/modules/network/scan-targets.js';

/**
 * Scan records written straight to the database, "run" by another worker: nothing is ever probed. A fresh
 * `in-progress` record holds the only scan slot (SCAN_MAX_CONCURRENT 1), so every scan a test starts waits queued.
 */
export async function insertScan(app: App, fields: Partial<Scan> & { targets: string[] }): Promise<Scan> {
  const now = new Date().toISOString();
  const finished = fields.status !== undefined && !['queued', 'in-progress'].includes(fields.status);
  const scan: Scan = {
    id: randomUUID(), jobId: randomUUID(), timestamp: now, status: 'in-progress', scanType: 'basic', ipRange: fields.targets.join(','),
    targetSetKey: targetSetKey(fields.targets), targetDeviceId: null, options: { includePorts: true, includeOsDetection: false, timeout: 600 },
    progress: finished ? 100 : 40, phase: finished ? 'done' : 'ports', discoveredDevices: 1, newDevices: 0, offlineDevices: 0,
    duration: finished ? 12.5 : null, startedAt: now, finishedAt: finished ? now : null, errorMessage: null, warning: null,
    scanMethod: 'nmap', startedBy: null, worker: 'elsewhere', createdAt: now, updatedAt: now, ...fields,
  };
  await app.ctx.db.insertInto('network_scans').values(scanColumns(scan)).execute();
  return scan;
}

/** Records that `scanId` observed `deviceId` (and whether it created it), as the scan saver does. */
export async function recordObserved(app: App, scanId: string, deviceId: string, ip: string, isNew: boolean): Promise<void> {
  await new ScansRepository(app.ctx.db, app.ctx.database.dialect).recordDevices([
    { scanId, deviceId, observed: true, observedIp: ip, isNew, wentOffline: false },
  ]);
}
