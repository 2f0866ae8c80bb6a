/**
 * Response shapes several modules share, registered once with `app.addSchema` and referenced with `ref(id)`
 * (http/schema-kit.ts). Each module registers the components it owns.
 */
import { object } from './schema-kit.js';

const str = { type: 'string' } as const;
const strOrNull = { type: ['string', 'null'] } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const int = { type: 'integer' } as const;
const num = { type: 'number' } as const;
const numOrNull = { type: ['number', 'null'] } as const;
const bool = { type: 'boolean' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const openObject = { type: 'object', additionalProperties: true } as const;

/** A network device (rest.md §1.4): camelCase keys, then the five snake_case aliases the web client reads. */
export const deviceComponent = {
  $id: 'Device',
  ...object({
    id: { type: 'string', format: 'uuid' }, label: str, type: str, ip: strOrNull, mac: strOrNull, hostname: strOrNull, status: str,
    lastSeen: time, tags: strings, metadata: openObject, firstSeen: time, vendor: strOrNull, macRandomized: bool,
    hostnameSource: strOrNull, isIgnored: bool, isManuallyAdded: bool, pinnedFields: strings, missedScans: int,
    createdAt: time, updatedAt: time, last_seen: time, is_ignored: bool, is_manually_added: bool, created_at: time, updated_at: time,
  }),
  examples: [{
    id: '4d7f6b8e-1c55-4e63-9a55-0f2d3c4b5a61', label: 'nas', type: 'server', ip: '192.168.1.20', mac: 'AA:BB:CC:DD:EE:01',
    hostname: 'nas.lan', status: 'online', lastSeen: '2025-01-01T12:00:00.000+00:00', tags: ['storage'], metadata: {},
    firstSeen: '2024-12-01T08:00:00.000+00:00', vendor: 'Synology', macRandomized: false, hostnameSource: 'dns', isIgnored: false,
    isManuallyAdded: false, pinnedFields: [], missedScans: 0, createdAt: '2024-12-01T08:00:00.000+00:00',
    updatedAt: '2025-01-01T12:00:00.000+00:00', last_seen: '2025-01-01T12:00:00.000+00:00', is_ignored: false,
    is_manually_added: false, created_at: '2024-12-01T08:00:00.000+00:00', updated_at: '2025-01-01T12:00:00.000+00:00',
  }],
} as const;

/** A connection between two devices (rest.md §1.5). */
export const connectionComponent = {
  $id: 'Connection',
  ...object({
    id: { type: 'string', format: 'uuid' }, source: str, target: str, label: strOrNull, type: str, status: str, bandwidth: numOrNull,
    latency: numOrNull, packetLoss: numOrNull, traffic: numOrNull, metadata: openObject, inferred: bool, evidence: strings,
    confidence: num, createdAt: time, updatedAt: time, packet_loss: numOrNull, created_at: time, updated_at: time,
  }),
} as const;

/** A network scan record (rest.md §1.6). */
export const scanComponent = {
  $id: 'Scan',
  ...object({
    id: { type: 'string', format: 'uuid' }, timestamp: time, status: str, discoveredDevices: int, duration: numOrNull, isStale: bool,
    errorMessage: strOrNull, scanType: str, ipRange: strOrNull, targets: strings, progress: num, phase: str, jobId: str,
    newDevices: int, offlineDevices: int, warning: strOrNull, startedBy: { type: ['integer', 'null'] }, targetDeviceId: strOrNull,
    startedAt: time, finishedAt: time, scanMethod: str, worker: strOrNull, createdAt: time, updatedAt: time,
    discovered_devices: int, error_message: strOrNull, ip_range: strOrNull, scan_method: str, created_at: time, updated_at: time,
  }),
} as const;

/** The map (rest.md §1.7): camelCase keys, as the web client reads them. */
export const topologyComponent = {
  $id: 'Topology',
  ...object({
    devices: { type: 'array', items: { $ref: 'Device#' } },
    connections: { type: 'array', items: { $ref: 'Connection#' } },
    lastScan: { anyOf: [{ $ref: 'Scan#' }, { type: 'null' }] },
    activeScanInProgress: bool,
  }),
} as const;

/** The components the network module owns. */
export const NETWORK_COMPONENTS = [deviceComponent, connectionComponent, scanComponent, topologyComponent] as const;
