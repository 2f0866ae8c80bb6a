import { classifyDevice, typeToWrite, type DeviceType } from '../../system/network/device-type.js';
import { pickHostname } from '../../system/network/host-names.js';
import type { Device } from './devices.repository.js';
import type { HostObservation } from './scan-observations.js';

export interface MergeContext {
  scanId: string;
  now: string;
  /** The host is a default gateway of the server (§7). */
  isDefaultGateway: boolean;
  /** The host is the server's own device acting as the hub of a network (§7). */
  isServerHub: boolean;
  /** The server's host name, the label of its own device as a hub. */
  serverHostname: string;
}

export interface MergeResult {
  device: Device;
  isNew: boolean;
  /** Something a client shows changed (not only `lastSeen`). */
  changed: boolean;
  cameBackOnline: boolean;
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** `<Type>-<last IPv4 octet>` (`Router-1`, `Other-23`); for IPv6 the last group. */
export function defaultLabel(type: string, ip: string): string {
  const tail = ip.includes(':') ? ip.split(':').pop() || '0' : ip.split('.').pop()!;
  return `${capitalize(type)}-${tail}`;
}

function scannerMetadata(obs: HostObservation, scanId: string): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  if (obs.ports) meta.ports = obs.ports;
  if (obs.os) Object.assign(meta, { os: obs.os.os, os_accuracy: obs.os.os_accuracy, os_family: obs.os.os_family });
  if (obs.latencyMs !== null) meta.latency_ms = obs.latencyMs;
  if (obs.names.rdns_name) meta.rdns_name = obs.names.rdns_name;
  if (obs.names.mdns_name) meta.mdns_name = obs.names.mdns_name;
  if (obs.names.netbios_name) meta.netbios_name = obs.names.netbios_name;
  if (obs.isThisServer) meta.is_this_server = true;
  meta.last_scan_id = scanId;
  return meta;
}

const VISIBLE: (keyof Device)[] = ['status', 'label', 'type', 'ip', 'mac', 'hostname', 'vendor'];

/** scanner.md §6.2: the device after a scan observed it. Pinned fields, tags and `isIgnored` are never touched. */
export function mergeObserved(id: string, existing: Device | null, obs: HostObservation, ctx: MergeContext): MergeResult {
  const pinned = new Set(existing?.pinnedFields ?? []);
  const found = classifyDevice({
    isDefaultGateway: ctx.isDefaultGateway, isServerHub: ctx.isServerHub, osClassTypes: obs.osClassTypes,
    osName: obs.os?.os ?? null, openPorts: obs.ports?.map((p) => p.port),
  });
  const type = typeToWrite((existing?.type as DeviceType | undefined) ?? null, found, pinned.has('type')) ?? existing!.type;

  const name = pickHostname(obs.names);
  let hostname = existing?.hostname ?? null;
  let hostnameSource = existing?.hostnameSource ?? null;
  if (name && !pinned.has('hostname')) [hostname, hostnameSource] = [name.hostname.slice(0, 255), name.source];

  let label = existing?.label ?? '';
  if (!pinned.has('label') || !existing) {
    if (ctx.isServerHub) label = ctx.serverHostname;
    else if (hostname) label = hostname;
    else if (ctx.isDefaultGateway) label = 'Main Gateway';
    else label = defaultLabel(type, obs.ip);
    label = label.slice(0, 100);
  }

  const macFields = obs.mac ? { mac: obs.mac, vendor: obs.vendor, macRandomized: obs.macRandomized } : {};
  const base: Device = existing ?? {
    id, label, type, ip: obs.ip, mac: null, hostname: null, hostnameSource: null, vendor: null, macRandomized: false,
    status: 'online', firstSeen: ctx.now, lastSeen: ctx.now, missedScans: 0, isIgnored: false, isManuallyAdded: false,
    pinnedFields: [], tags: [], metadata: {}, createdAt: ctx.now, updatedAt: ctx.now, reviewed: false, groups: [],
  };
  const device: Device = {
    ...base, ...macFields, label, type, ip: obs.ip, hostname, hostnameSource, status: 'online', lastSeen: ctx.now, missedScans: 0,
    metadata: { ...base.metadata, ...scannerMetadata(obs, ctx.scanId) }, updatedAt: ctx.now,
  };
  const changed = !existing || VISIBLE.some((k) => existing[k] !== device[k])
    || JSON.stringify(existing.metadata.ports ?? null) !== JSON.stringify(device.metadata.ports ?? null);
  return { device, isNew: !existing, changed, cameBackOnline: existing?.status === 'offline' };
}
