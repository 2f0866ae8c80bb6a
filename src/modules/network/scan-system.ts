import { hostname } from 'node:os';
import { detectBinaries, type ScannerBinary } from '../../system/network/binaries.js';
import { readCapabilities, readFileCapabilities, type Capabilities } from '../../system/network/capabilities.js';
import { lookupHostNames, type HostNames, type LookupHostNamesOptions } from '../../system/network/host-names.js';
import { readInterfaces, type InterfaceInfo } from '../../system/network/interfaces.js';
import { runNmapScan, type NmapScanOptions, type NmapScanResult } from '../../system/network/nmap-run.js';
import { probeHosts, type ProbeHostsOptions, type ProbeHostsResult } from '../../system/network/probe-hosts.js';
import { readRoutes, type RouteEntry } from '../../system/network/routes.js';
import { traceroute, type TracerouteOptions } from '../../system/network/traceroute.js';

/**
 * The OS-level work a scan needs, as one injectable object (the real adapters of src/system/network by default).
 * `privileged` and `rawSockets` are decided once at start from the process's capabilities and the programs' file
 * capabilities, without sending any packet.
 */
export interface ScannerSystem {
  /** Root, or CAP_NET_RAW + CAP_NET_ADMIN in the ambient set: every program started has raw sockets. */
  privileged: boolean;
  /** Whether each raw-socket program gets raw sockets: `privileged`, or its own file capabilities (setcap). */
  rawSockets: RawSockets;
  /** Not uid 0: nmap, which trusts only uid 0, must be told it has raw sockets (--privileged). */
  nonRoot: boolean;
  binaries: Record<ScannerBinary, string | null>;
  interfaces(): InterfaceInfo[];
  routes(): Promise<RouteEntry[]>;
  hostname(): string;
  probeHosts(options: ProbeHostsOptions): Promise<ProbeHostsResult>;
  lookupHostNames(options: LookupHostNamesOptions): Promise<Map<string, HostNames>>;
  runNmapScan(options: NmapScanOptions): Promise<NmapScanResult>;
  traceroute(ip: string, options: TracerouteOptions): Promise<(string | null)[]>;
}

export interface RawSockets { nmap: boolean; 'arp-scan': boolean }

/** nmap's SYN scans and OS detection, and arp-scan, need CAP_NET_RAW (measured: CAP_NET_ADMIN is not needed). */
export function rawSocketsOf(caps: Capabilities, binaries: Record<ScannerBinary, string | null>): RawSockets {
  const programs = [binaries.nmap, binaries['arp-scan']].filter((p): p is string => p !== null);
  const files = caps.privileged || caps.noNewPrivileges ? new Map() : readFileCapabilities(programs);
  const fileRaw = (path: string | null) => Boolean(path && files.get(path)?.netRaw);
  return { nmap: caps.privileged || fileRaw(binaries.nmap), 'arp-scan': caps.privileged || fileRaw(binaries['arp-scan']) };
}

const UNPRIVILEGED: Capabilities = { root: false, netRaw: false, netAdmin: false, privileged: false, noNewPrivileges: false };

export function realScannerSystem(): ScannerSystem {
  let caps = UNPRIVILEGED;
  try {
    caps = readCapabilities();
  } catch {
    // no /proc: treat as unprivileged
  }
  const binaries = detectBinaries();
  return {
    privileged: caps.privileged,
    rawSockets: rawSocketsOf(caps, binaries),
    nonRoot: !caps.root,
    binaries,
    interfaces: () => readInterfaces(),
    routes: () => readRoutes(),
    hostname: () => hostname(),
    probeHosts,
    lookupHostNames,
    runNmapScan,
    traceroute,
  };
}
