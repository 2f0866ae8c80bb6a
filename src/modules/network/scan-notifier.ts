import type { Logger } from 'pino';
import type { EventBus } from '../../realtime/bus.js';
import type { ChannelEvent } from '../../realtime/channel-events.js';
import type { Device } from './devices.repository.js';
import type { Scan } from './scans.repository.js';

export type ScanNotice = { title: string; message: string; type: 'info' | 'success' | 'warning' | 'error'; source: string };
type Notice = ScanNotice;

/** What scans need of the notifications module (its public service satisfies it). */
export interface ScanNotices {
  createForUser(userId: number, n: ScanNotice): Promise<unknown>;
  createSystem(n: ScanNotice): Promise<unknown>;
}

const SOURCE = 'network_scanner';
const SUMMARY_ABOVE = 5;
const DEVICE_QUIET_MS = 30 * 60_000;

export interface DeviceChanges {
  created: Device[];
  wentOffline: Device[];
  backOnline: Device[];
  /** No device existed when the scan started: its discoveries are not news. */
  firstScan: boolean;
}

type DeviceEvent = Pick<ChannelEvent, 'event' | 'severity' | 'ranksAs'>;
const NEW: DeviceEvent = { event: 'device.new', severity: 'info' };
const OFFLINE: DeviceEvent = { event: 'device.offline', severity: 'warning' };
const ONLINE: DeviceEvent = { event: 'device.online', severity: 'info', ranksAs: 'warning' };

/**
 * scanner.md §11, and the channel events `device.*` and `scan.completed` (monitoring.md §5.2). Without a
 * notifications module (`notices` null), scans simply send no notifications.
 */
export class ScanNotifier {
  private readonly lastDeviceNotice = new Map<string, number>();

  constructor(private readonly notices: ScanNotices | null, private readonly logger: Logger, private readonly bus?: Pick<EventBus, 'emit'>) {}

  private async send(work: (api: ScanNotices) => Promise<unknown>): Promise<void> {
    if (!this.notices) return;
    try {
      await work(this.notices);
    } catch (err) {
      this.logger.error({ err }, 'scan notification failed');
    }
  }

  /** To the user who started the scan; scheduled scans (no user) send none. */
  async outcome(scan: Scan): Promise<void> {
    if (scan.status === 'completed') {
      this.bus?.emit('notify', {
        event: 'scan.completed', severity: 'info', title: 'Network Scan Complete', source: SOURCE, path: '/devices',
        message: `Discovered ${scan.discoveredDevices} devices (${scan.newDevices} new, ${scan.offlineDevices} offline).`,
      });
    }
    if (scan.startedBy === null) return;
    const notice: Notice | null =
      scan.status === 'completed' ? { type: 'success', title: 'Network Scan Complete', message: `Discovered ${scan.discoveredDevices} devices (${scan.newDevices} new, ${scan.offlineDevices} offline).`, source: SOURCE }
      : scan.status === 'failed' ? { type: 'error', title: 'Network Scan Failed', message: scan.errorMessage ?? 'Scan failed', source: SOURCE }
      : scan.status === 'cancelled' ? { type: 'info', title: 'Network Scan Cancelled', message: 'Scan was cancelled by user', source: SOURCE }
      : null;
    if (notice) await this.send((api) => api.createForUser(scan.startedBy!, notice));
  }

  /** To everyone: new, offline and back-online devices, summarised above 5 of a kind; ignored devices never notify. */
  async devices(changes: DeviceChanges): Promise<void> {
    const created = changes.firstScan ? [] : changes.created.filter((d) => !d.isIgnored);
    await this.kind(NEW, created, (d) => ({ type: 'info', title: 'New Device Discovered', message: `${d.label} (${[d.ip, d.vendor].filter(Boolean).join(', ')}) joined the network.` }),
      (n) => ({ type: 'info', title: 'New Devices Discovered', message: `${n} new devices joined the network.` }));
    await this.kind(OFFLINE, this.quiet(changes.wentOffline), (d) => ({ type: 'warning', title: 'Device Offline', message: `${d.label} (${d.ip}) is no longer responding.` }),
      (n) => ({ type: 'warning', title: 'Devices Offline', message: `${n} devices are no longer responding.` }));
    await this.kind(ONLINE, this.quiet(changes.backOnline), (d) => ({ type: 'success', title: 'Device Back Online', message: `${d.label} (${d.ip}) is responding again.` }),
      (n) => ({ type: 'success', title: 'Devices Back Online', message: `${n} devices are responding again.` }));
  }

  /** At most one offline/online notice per device per 30 minutes. */
  private quiet(devices: Device[]): Device[] {
    const now = Date.now();
    return devices.filter((d) => {
      if (d.isIgnored || now - (this.lastDeviceNotice.get(d.id) ?? 0) < DEVICE_QUIET_MS) return false;
      this.lastDeviceNotice.set(d.id, now);
      return true;
    });
  }

  private async kind(
    event: DeviceEvent, devices: Device[], one: (d: Device) => Omit<Notice, 'source'>, many: (n: number) => Omit<Notice, 'source'>,
  ): Promise<void> {
    if (devices.length === 0) return;
    const notices = devices.length > SUMMARY_ABOVE ? [many(devices.length)] : devices.map(one);
    for (const n of notices) {
      this.bus?.emit('notify', { ...event, title: n.title, message: n.message, source: SOURCE, path: '/devices' });
      await this.send((api) => api.createSystem({ ...n, source: SOURCE }));
    }
  }
}
