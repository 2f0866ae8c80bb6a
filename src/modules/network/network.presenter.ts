import { wireTime } from '../../db/values.js';
import type { Connection } from './connections.repository.js';
import type { Device } from './devices.repository.js';
import type { Scan } from './scans.repository.js';

/** rest.md §1.4: camelCase, then the five snake_case aliases, then the inventory keys (docs/inventory.md). */
export function presentDevice(d: Device) {
  const lastSeen = wireTime(d.lastSeen);
  const firstSeen = wireTime(d.firstSeen);
  const createdAt = wireTime(d.createdAt);
  const updatedAt = wireTime(d.updatedAt);
  return {
    id: d.id, label: d.label, type: d.type, ip: d.ip, mac: d.mac, hostname: d.hostname, status: d.status, lastSeen,
    tags: d.tags, metadata: d.metadata, firstSeen, vendor: d.vendor, macRandomized: d.macRandomized,
    hostnameSource: d.hostnameSource, isIgnored: d.isIgnored, isManuallyAdded: d.isManuallyAdded, pinnedFields: d.pinnedFields,
    missedScans: d.missedScans, createdAt, updatedAt,
    last_seen: lastSeen, is_ignored: d.isIgnored, is_manually_added: d.isManuallyAdded, created_at: createdAt, updated_at: updatedAt,
    reviewed: d.reviewed, groups: d.groups, first_seen: firstSeen,
  };
}
export type DeviceView = ReturnType<typeof presentDevice>;

/** rest.md §1.5. */
export function presentConnection(c: Connection) {
  const createdAt = wireTime(c.createdAt);
  const updatedAt = wireTime(c.updatedAt);
  return {
    id: c.id, source: c.source, target: c.target, label: c.label, type: c.type, status: c.status, bandwidth: c.bandwidth,
    latency: c.latency, packetLoss: c.packetLoss, traffic: c.traffic, metadata: c.metadata, inferred: c.inferred,
    evidence: c.evidence, confidence: c.confidence, createdAt, updatedAt,
    packet_loss: c.packetLoss, created_at: createdAt, updated_at: updatedAt,
  };
}
export type ConnectionView = ReturnType<typeof presentConnection>;

/** A running scan refreshes its record at least every 5 s; 30 s without an update means no live job runs it. */
export const STALE_AFTER_MS = 30_000;
const PAST_TIMEOUT_GRACE_MS = 60_000;

/** rest.md §1.6 `isStale`. */
export function isStale(s: Scan, now = Date.now()): boolean {
  if (s.status !== 'in-progress') return false;
  if (now - Date.parse(s.updatedAt) > STALE_AFTER_MS) return true;
  const started = s.startedAt ? Date.parse(s.startedAt) : null;
  return started !== null && now > started + s.options.timeout * 1000 + PAST_TIMEOUT_GRACE_MS;
}

/** rest.md §1.6. */
export function presentScan(s: Scan, now = Date.now()) {
  const createdAt = wireTime(s.createdAt);
  const updatedAt = wireTime(s.updatedAt);
  return {
    id: s.id, timestamp: wireTime(s.timestamp), status: s.status, discoveredDevices: s.discoveredDevices, duration: s.duration,
    isStale: isStale(s, now), errorMessage: s.errorMessage, scanType: s.scanType, ipRange: s.ipRange, targets: s.targets,
    progress: s.progress, phase: s.phase, jobId: s.jobId, newDevices: s.newDevices, offlineDevices: s.offlineDevices,
    warning: s.warning, startedBy: s.startedBy, targetDeviceId: s.targetDeviceId, startedAt: wireTime(s.startedAt),
    finishedAt: wireTime(s.finishedAt), scanMethod: s.scanMethod, worker: s.worker, createdAt, updatedAt,
    discovered_devices: s.discoveredDevices, error_message: s.errorMessage, ip_range: s.ipRange, scan_method: s.scanMethod,
    created_at: createdAt, updated_at: updatedAt,
  };
}
export type ScanView = ReturnType<typeof presentScan>;

/** The success body of a start (REST and socket differ only in the `message` of a started scan). */
export function startResponse(started: { scan: Scan; queued: boolean }, startedMessage: string) {
  return {
    status: 'success', message: started.queued ? 'Network scan queued' : startedMessage,
    scan_id: started.scan.id, job_id: started.scan.jobId, scan: presentScan(started.scan),
  };
}
