import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/database.js';
import { parseIp } from '../../system/network/ip-address.js';
import type { TargetBlock } from '../../system/network/targets.js';
import type { InferredConnection } from '../../system/network/topology.js';
import { pairKey, type Connection, type ConnectionsRepository } from './connections.repository.js';
import { changesBetween, type DeviceHistory } from './device-history.js';
import type { DeviceChange } from './device-history.repository.js';
import type { Identity } from './device-identity.js';
import { mergeObserved, type MergeContext } from './device-merge.js';
import type { Device, DevicesRepository } from './devices.repository.js';
import type { Scan, ScanDeviceRow, ScansRepository } from './scans.repository.js';

export interface ObservedSummary {
  observedIds: Set<string>;
  created: Device[];
  /** Created or visibly changed devices, for `network_update`. */
  changed: Device[];
  backOnline: Device[];
  /** Device ids the scan had chosen, replaced by the device a user created meanwhile with the same MAC. */
  remap: Map<string, string>;
}

/** The `saving` phase (scanner.md §6, §7): devices, connections, offline marking and the devices' history. */
export class ScanSaver {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly connections: ConnectionsRepository,
    private readonly scans: ScansRepository,
    private readonly history: DeviceHistory,
    private readonly offlineAfterMisses: number,
  ) {}

  async saveObserved(scan: Scan, identities: readonly Identity[], contextFor: (i: Identity) => MergeContext): Promise<ObservedSummary> {
    const summary: ObservedSummary = { observedIds: new Set(identities.map((i) => i.deviceId)), created: [], changed: [], backOnline: [], remap: new Map() };
    const rows: ScanDeviceRow[] = [];
    const changes: DeviceChange[] = [];
    const seen: Array<{ id: string; at: string }> = [];
    for (const identity of identities.filter((i) => i.primary)) {
      let merged = mergeObserved(identity.deviceId, identity.existing, identity.obs, contextFor(identity));
      let deviceId = identity.deviceId;
      let before = identity.existing;
      if (merged.isNew) {
        try {
          await this.devices.insert(merged.device);
        } catch (error) {
          // A user added a device with this MAC while the scan ran: merge into it instead.
          const owner = isUniqueViolation(error) && identity.obs.mac ? await this.devices.findByMac(identity.obs.mac) : undefined;
          if (!owner) throw error;
          merged = mergeObserved(owner.id, owner, identity.obs, contextFor(identity));
          deviceId = owner.id;
          before = owner;
          summary.observedIds.delete(identity.deviceId);
          summary.observedIds.add(owner.id);
          summary.remap.set(identity.deviceId, owner.id);
        }
      }
      if (!merged.isNew) {
        // What users own (review, groups) is left as it is now, not as the scan read it when it started.
        const { id: _id, createdAt: _created, reviewed: _reviewed, groups: _groups, ...fields } = merged.device;
        await this.devices.update(deviceId, fields);
        if (before) changes.push(...changesBetween(before, merged.device, 'scan', scan.id, merged.device.lastSeen));
      }
      seen.push({ id: deviceId, at: merged.device.lastSeen });
      if (merged.isNew) summary.created.push(merged.device);
      if (merged.changed) summary.changed.push(merged.device);
      if (merged.cameBackOnline) summary.backOnline.push(merged.device);
      rows.push({ scanId: scan.id, deviceId, observed: true, observedIp: identity.obs.ip, isNew: merged.isNew, wentOffline: false });
    }
    await this.scans.recordDevices(rows);
    await this.history.seen(seen);
    await this.history.recordChanges(changes);
    return summary;
  }

  /** Upserts inferred connections by device pair; suppressed pairs and manual connections are left alone. */
  async saveConnections(found: readonly InferredConnection[], observed: ObservedSummary, now: string): Promise<Connection[]> {
    const observedIds = observed.observedIds;
    const inferred = found.map((c) => ({ ...c, source: observed.remap.get(c.source) ?? c.source, target: observed.remap.get(c.target) ?? c.target }));
    const suppressed = await this.connections.suppressedPairs();
    const existing = new Map((await this.connections.touching([...observedIds])).map((c) => [pairKey(c.source, c.target), c]));
    const reinferred = new Set<string>();
    const created: Connection[] = [];
    for (const c of inferred) {
      const key = pairKey(c.source, c.target);
      if (suppressed.has(key)) continue;
      reinferred.add(key);
      const current = existing.get(key);
      if (current && !current.inferred) continue;
      const fields = { status: 'active', latency: c.latency, evidence: c.evidence, confidence: c.confidence, updatedAt: now };
      if (current) {
        await this.connections.update(current.id, fields);
        continue;
      }
      try {
        created.push(await this.connections.insert({
          id: randomUUID(), source: c.source, target: c.target, label: null, type: c.type, bandwidth: null, packetLoss: null,
          traffic: null, metadata: {}, inferred: true, createdAt: now, ...fields,
        }));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    const stale = [...existing.values()].filter((c) => c.inferred && c.status !== 'inactive' && !reinferred.has(pairKey(c.source, c.target))
      && observedIds.has(c.source) && observedIds.has(c.target));
    await this.connections.setStatus(stale.map((c) => c.id), 'inactive');
    return created;
  }

  /** §6.3, completed scans only: missed devices inside the targets; offline after enough misses. */
  async markMissed(scan: Scan, blocks: readonly TargetBlock[], observedIds: ReadonlySet<string>, now: string): Promise<Device[]> {
    const inTargets = (ip: string) => {
      const address = parseIp(ip);
      return address !== null && blocks.some((b) => b.network.containsAddress(address));
    };
    const candidates = scan.targetDeviceId
      ? (await this.devices.findMany([scan.targetDeviceId])).filter((d) => d.ip)
      : await this.devices.withIp();
    const missed = candidates.filter((d) => !observedIds.has(d.id) && inTargets(d.ip!));
    const wentOffline: Device[] = [];
    const rows: ScanDeviceRow[] = [];
    for (const device of missed) {
      const missedScans = device.missedScans + 1;
      const offline = missedScans >= this.offlineAfterMisses && (device.status === 'online' || device.status === 'warning');
      const updated = await this.devices.update(device.id, { missedScans, ...(offline ? { status: 'offline', updatedAt: now } : {}) });
      if (offline && updated) wentOffline.push(updated);
      rows.push({ scanId: scan.id, deviceId: device.id, observed: false, observedIp: null, isNew: false, wentOffline: offline });
    }
    const inferred = (await this.connections.touching(wentOffline.map((d) => d.id))).filter((c) => c.inferred && c.status !== 'inactive');
    await this.connections.setStatus(inferred.map((c) => c.id), 'inactive');
    await this.scans.recordDevices(rows);
    await this.history.wentOffline(wentOffline);
    return wentOffline;
  }
}
