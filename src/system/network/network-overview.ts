import { automaticTargets } from './auto-targets.js';
import { readInterfaces, type InterfaceInfo } from './interfaces.js';
import type { IpNetwork } from './ip-network.js';
import { defaultGateways, readRoutes, type DefaultGateways, type RouteEntry } from './routes.js';
import { ScanTargetError } from './targets.js';

/** Body of `GET network/interfaces/` (scanner.md §8). */
export interface NetworkOverview {
  interfaces: InterfaceInfo[];
  routes: RouteEntry[];
  default_gateway: DefaultGateways;
  scan_networks: string[];
}

export interface NetworkOverviewOptions {
  excludeInterfaces: readonly string[];
  configuredAllowed: readonly IpNetwork[] | null;
  maxHosts: number;
  procRoot?: string;
  sysClassNet?: string;
}

export async function readNetworkOverview(options: NetworkOverviewOptions): Promise<NetworkOverview> {
  const routes = await readRoutes(options.procRoot);
  const gateways = defaultGateways(routes);
  const interfaces = readInterfaces({ sysClassNet: options.sysClassNet, defaultInterface: gateways.ipv4?.interface ?? null });
  let scanNetworks: string[] = [];
  try {
    scanNetworks = automaticTargets({ interfaces, ...options }).cidrs;
  } catch (error) {
    if (!(error instanceof ScanTargetError)) throw error;
  }
  return { interfaces, routes, default_gateway: gateways, scan_networks: scanNetworks };
}

/** CIDRs of the networks the host's own addresses belong to (for the default allowed networks). */
export function ownNetworks(interfaces: readonly InterfaceInfo[]): string[] {
  return interfaces.flatMap((iface) =>
    iface.addresses.map((a) => `${a.address}/${a.prefix_length}`),
  );
}
