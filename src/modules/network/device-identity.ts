import { randomUUID } from 'node:crypto';
import type { Device } from './devices.repository.js';
import type { HostObservation } from './scan-observations.js';

/** An observed host matched to its device (scanner.md §6.1). */
export interface Identity {
  obs: HostObservation;
  deviceId: string;
  /** The stored device, or null when the scan creates it. */
  existing: Device | null;
  /**
   * False for a second address of a device this scan already matched (one MAC answering on several IPs): such a
   * host takes part in topology under that device, but the device is merged once, from its first address.
   */
  primary: boolean;
}

const byRecency = (a: Device, b: Device) => (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0);

/**
 * §6.1: by MAC; else the most recently seen device with that IP and no MAC; a device found by IP whose MAC differs
 * is a different device; otherwise a new one. `candidates` must hold every device with an observed MAC or IP.
 */
export function identifyHosts(observations: readonly HostObservation[], candidates: readonly Device[]): Identity[] {
  const byMac = new Map(candidates.filter((d) => d.mac).map((d) => [d.mac!, d]));
  const withoutMac = [...candidates].filter((d) => !d.mac && d.ip).sort(byRecency);
  const claimed = new Map<string, string>();
  const newByMac = new Map<string, string>();
  return observations.map((obs): Identity => {
    let device = obs.mac ? byMac.get(obs.mac) : undefined;
    if (!device) device = withoutMac.find((d) => d.ip === obs.ip && !claimed.has(d.id));
    if (device) {
      const primary = !claimed.has(device.id);
      claimed.set(device.id, obs.ip);
      return { obs, deviceId: device.id, existing: device, primary };
    }
    if (obs.mac && newByMac.has(obs.mac)) return { obs, deviceId: newByMac.get(obs.mac)!, existing: null, primary: false };
    const id = randomUUID();
    if (obs.mac) newByMac.set(obs.mac, id);
    return { obs, deviceId: id, existing: null, primary: true };
  });
}
