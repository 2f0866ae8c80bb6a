import { hostname } from 'node:os';
import { detectBinaries, type ScannerBinary } from '../../system/network/binaries.js';
import { readCapabilities } from '../../system/network/capabilities.js';
import { lookupHostNames, type HostNames, type LookupHostNamesOptions } from '../../system/network/host-names.js';
import { readInterfaces, type InterfaceInfo } from '../../system/network/interfaces.js';
import { runNmapScan, type NmapScanOptions, type NmapScanResult } from '../../system/network/nmap-run.js';
import { probeHosts, type ProbeHostsOptions, type ProbeHostsResult } from '../../system/network/probe-hosts.js';
import { readRoutes, type RouteEntry } from '../../system/network/routes.js';
import { traceroute, type TracerouteOptions } from '../../system/network/traceroute.js';

/**
 * The OS-level work a scan needs, as one injectable object (the real adapters of src/system/network by default).
 * `privileged` is decided once at start from the process's capabilities, without sending any packet.
 */
export interface ScannerSystem {
  privileged: boolean;
  binaries: Record<ScannerBinary, string | null>;
  interfaces(): InterfaceInfo[];
  routes(): Promise<RouteEntry[]>;
  hostname(): string;
  probeHosts(options: ProbeHostsOptions): Promise<ProbeHostsResult>;
  lookupHostNames(options: LookupHostNamesOptions): Promise<Map<string, HostNames>>;
  runNmapScan(options: NmapScanOptions): Promise<NmapScanResult>;
  traceroute(ip: string, options: TracerouteOptions): Promise<(string | null)[]>;
}

export function realScannerSystem(): ScannerSystem {
  let privileged = false;
  try {
    privileged = readCapabilities().privileged;
  } catch {
    // no /proc: treat as unprivileged
  }
  return {
    privileged,
    binaries: detectBinaries(),
    interfaces: () => readInterfaces(),
    routes: () => readRoutes(),
    hostname: () => hostname(),
    probeHosts,
    lookupHostNames,
    runNmapScan,
    traceroute,
  };
}
