export const DEVICE_TYPES = ['server', 'workstation', 'router', 'switch', 'firewall', 'other'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export interface DeviceTypeEvidence {
  /** The host is a default gateway of the server (§7). */
  isDefaultGateway?: boolean;
  /** The host is the server's own device acting as the hub of a network (§7). */
  isServerHub?: boolean;
  /** nmap `osclass` types of the best OS match. */
  osClassTypes?: readonly string[];
  /** nmap's best OS match name. */
  osName?: string | null;
  openPorts?: readonly number[];
}

const CLASS_TYPES: Record<string, DeviceType> = {
  router: 'router', 'broadband router': 'router', wap: 'router',
  switch: 'switch', bridge: 'switch',
  firewall: 'firewall', 'security-misc': 'firewall',
};

const OS_WORDS: readonly [readonly string[], DeviceType][] = [
  [['firewall', 'pfsense', 'opnsense', 'fortios'], 'firewall'],
  [['switch'], 'switch'],
  [['router', 'routeros', 'openwrt', 'dd-wrt'], 'router'],
  [['windows', 'mac os', 'macos', 'os x'], 'workstation'],
  [['linux', 'unix', 'bsd', 'server'], 'server'],
];

/** §5.4: the first matching rule decides. */
export function classifyDevice(evidence: DeviceTypeEvidence): DeviceType {
  if (evidence.isDefaultGateway) return 'router';
  if (evidence.isServerHub) return 'server';
  for (const type of evidence.osClassTypes ?? []) {
    const mapped = CLASS_TYPES[type.toLowerCase()];
    if (mapped) return mapped;
  }
  const os = (evidence.osName ?? '').toLowerCase();
  if (os) {
    for (const [words, type] of OS_WORDS) if (words.some((w) => os.includes(w))) return type;
  }
  const ports = new Set(evidence.openPorts ?? []);
  if (ports.has(22) && (ports.has(80) || ports.has(443))) return 'server';
  if ((ports.has(3389) || ports.has(445)) && !ports.has(22)) return 'workstation';
  return 'other';
}

/** §5.4 write rule: a scan sets the type for a new device, or when it found something better than `other`. */
export function typeToWrite(current: DeviceType | null, found: DeviceType, pinned: boolean): DeviceType | null {
  if (pinned) return null;
  if (current === null) return found;
  return found === 'other' ? null : found;
}
