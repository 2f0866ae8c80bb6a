import type { Device } from './devices.repository.js';
import type { ChangedField, DeviceChange, DeviceHistoryRepository, PresenceStatus } from './device-history.repository.js';

const TRACKED: ChangedField[] = ['ip', 'hostname'];

/** The IP and hostname changes between two versions of a device. */
export function changesBetween(before: Device, after: Device, source: DeviceChange['source'], scanId: string | null, at: string): DeviceChange[] {
  return TRACKED.filter((field) => before[field] !== after[field]).map((field) => ({
    deviceId: after.id, field, oldValue: before[field], newValue: after[field], source, scanId, changedAt: at,
  }));
}

/**
 * Presence sessions and changes, written as scans save what they saw (no history is rescanned). A device's sessions
 * follow its status as scans decide it: online from the scan that saw it, offline once its misses reach
 * SCAN_OFFLINE_AFTER_MISSES. The online session then ends, and the offline one starts, when it was last seen.
 */
export class DeviceHistory {
  constructor(private readonly repo: DeviceHistoryRepository) {}

  /** Devices a scan observed, each with when. */
  async seen(devices: ReadonlyArray<{ id: string; at: string }>): Promise<void> {
    await this.transition(devices, 'online');
  }

  /** Devices a scan just declared offline. */
  async wentOffline(devices: readonly Device[]): Promise<void> {
    await this.transition(devices.map((d) => ({ id: d.id, at: d.lastSeen })), 'offline');
  }

  async recordChanges(changes: readonly DeviceChange[]): Promise<void> {
    if (changes.length > 0) await this.repo.addChanges(changes);
  }

  private async transition(devices: ReadonlyArray<{ id: string; at: string }>, status: PresenceStatus): Promise<void> {
    if (devices.length === 0) return;
    const open = await this.repo.openSessions(devices.map((d) => d.id));
    const opening: Array<{ deviceId: string; status: PresenceStatus; startedAt: string }> = [];
    for (const { id, at } of devices) {
      const current = open.get(id);
      if (current?.status === status) continue;
      // A session never ends before it started, whatever clocks the instances that wrote them keep.
      const when = current && current.startedAt > at ? current.startedAt : at;
      if (current) await this.repo.close(current.id, when);
      opening.push({ deviceId: id, status, startedAt: when });
    }
    await this.repo.open(opening);
  }
}
