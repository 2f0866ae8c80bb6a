import { formatIp, parseIp } from './ip-address.js';

export const SCAN_TYPES = ['basic', 'intense', 'full'] as const;
export type ScanType = (typeof SCAN_TYPES)[number];

/** scanner.md §3 type arguments. */
export const SCAN_TYPE_ARGS: Record<ScanType, readonly string[]> = {
  basic: ['-T4', '--top-ports', '20'],
  intense: ['-T4', '--top-ports', '100', '-sV', '-O'],
  full: ['-p-', '-T4', '-A'],
};

export const OS_DETECTION_SKIPPED_WARNING = 'OS detection skipped: requires root or CAP_NET_RAW';
export const NMAP_MISSING_WARNING = 'nmap is not installed (Debian package: nmap); port and OS detection skipped';
export const NMAP_BATCH_SIZE = 16;

/** `-A` without OS detection: the rest of what `-A` enables. */
const A_WITHOUT_OS = ['-sV', '-sC', '--traceroute'];

export interface NmapArgsOptions {
  scanType: ScanType;
  /** Defaults: false for basic, true for intense and full (§2.1). */
  includeOsDetection?: boolean;
  /** Root or raw-socket capability for the nmap process (capabilities.ts). */
  privileged: boolean;
  /** Raw sockets come from capabilities, not uid 0: nmap trusts only uid 0 unless told (--privileged). */
  byCapabilities?: boolean;
  /** IP literals, all of one family. */
  hosts: readonly string[];
}

export interface NmapArgs {
  args: string[];
  osDetection: boolean;
  warnings: string[];
}

export function defaultOsDetection(scanType: ScanType): boolean {
  return scanType !== 'basic';
}

/**
 * `nmap <type arguments> [adjustments] -oX - --stats-every 2s -Pn -n [-6] <host> …` (§3). Hosts are
 * re-rendered from their parsed form, so nothing the caller passed can become an option.
 */
export function buildNmapArgs(options: NmapArgsOptions): NmapArgs {
  const parsed = options.hosts.map((host) => {
    const address = parseIp(host);
    if (!address) throw new TypeError(`Not an IP address: ${JSON.stringify(host)}`);
    return address;
  });
  if (parsed.length === 0) throw new TypeError('No hosts to scan');
  const family = parsed[0].family;
  if (parsed.some((a) => a.family !== family)) throw new TypeError('A batch must hold hosts of one address family');

  const wantOs = options.includeOsDetection ?? defaultOsDetection(options.scanType);
  const osDetection = wantOs && options.privileged;
  const warnings = wantOs && !options.privileged ? [OS_DETECTION_SKIPPED_WARNING] : [];

  let args = [...(options.privileged && options.byCapabilities ? ['--privileged'] : []), ...SCAN_TYPE_ARGS[options.scanType]];
  if (osDetection) {
    if (!args.includes('-O') && !args.includes('-A')) args.push('-O');
  } else {
    args = args.filter((a) => a !== '-O').flatMap((a) => (a === '-A' ? A_WITHOUT_OS : [a]));
  }
  args.push('-oX', '-', '--stats-every', '2s', '-Pn', '-n');
  if (family === 6) args.push('-6');
  args.push(...parsed.map(formatIp));
  return { args, osDetection, warnings };
}

/** Hosts split by family into runs of at most `size` (§3: 16 per run, one run after another). */
export function nmapBatches(hosts: readonly string[], size = NMAP_BATCH_SIZE): string[][] {
  const byFamily = new Map<number, string[]>();
  for (const host of hosts) {
    const address = parseIp(host);
    if (!address) throw new TypeError(`Not an IP address: ${JSON.stringify(host)}`);
    const list = byFamily.get(address.family) ?? [];
    list.push(formatIp(address));
    byFamily.set(address.family, list);
  }
  const batches: string[][] = [];
  for (const family of [4, 6]) {
    const list = byFamily.get(family) ?? [];
    for (let i = 0; i < list.length; i += size) batches.push(list.slice(i, i + size));
  }
  return batches;
}
