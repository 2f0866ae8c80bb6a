import { MissingBinaryError } from '../../system/network/binaries.js';
import type { InterfaceInfo } from '../../system/network/interfaces.js';
import { parseIp } from '../../system/network/ip-address.js';
import { IpNetwork } from '../../system/network/ip-network.js';
import type { TargetBlock } from '../../system/network/targets.js';
import {
  dedupeConnections, inferAttachedNetwork, inferRoutedNetwork, type HubKind, type InferredConnection, type TopologyHost,
} from '../../system/network/topology.js';
import type { Identity } from './device-identity.js';
import { ScanAbort } from './scan-abort.js';

export interface TopologyInput {
  blocks: readonly TargetBlock[];
  interfaces: readonly InterfaceInfo[];
  gatewayIps: readonly string[];
  identities: readonly Identity[];
  /** Device id per IP of stored devices, for traceroute hops outside the targets. */
  storedByIp: ReadonlyMap<string, string>;
  traceroute: (ip: string) => Promise<(string | null)[]>;
}

export interface TopologyResult {
  connections: InferredConnection[];
  hubs: Map<string, HubKind>;
  warnings: string[];
}

function isAttached(block: TargetBlock, interfaces: readonly InterfaceInfo[]): boolean {
  return interfaces.some((iface) => iface.is_up && iface.addresses.some((a) => {
    const network = IpNetwork.parse(`${a.address}/${a.prefix_length}`);
    return network !== null && network.overlaps(block.network);
  }));
}

/** scanner.md §7: hub connections on attached networks, traceroute chains towards routed ones. */
export async function inferTopology(input: TopologyInput): Promise<TopologyResult> {
  const connections: InferredConnection[] = [];
  const hubs = new Map<string, HubKind>();
  const warnings: string[] = [];
  const deviceByIp = new Map(input.storedByIp);
  for (const identity of input.identities) deviceByIp.set(identity.obs.ip, identity.deviceId);

  for (const block of input.blocks) {
    const inBlock = input.identities.filter((i) => {
      const address = parseIp(i.obs.ip);
      return address !== null && block.network.containsAddress(address);
    });
    const hosts: TopologyHost[] = inBlock.map((i) => ({ deviceId: i.deviceId, ip: i.obs.ip, latencyMs: i.obs.latencyMs }));
    if (hosts.length === 0) continue;
    if (isAttached(block, input.interfaces)) {
      const server = inBlock.find((i) => i.obs.isThisServer)?.deviceId ?? null;
      const result = inferAttachedNetwork({ network: block.network, hosts, gatewayIps: input.gatewayIps, serverDeviceId: server });
      if (result.hub) hubs.set(result.hub.deviceId, result.hub.kind);
      connections.push(...result.connections);
      continue;
    }
    try {
      const hops = await input.traceroute(hosts[0].ip);
      connections.push(...inferRoutedNetwork({ network: block.network, hops, deviceByIp, hosts }));
    } catch (error) {
      if (error instanceof ScanAbort) throw error;
      const text = error instanceof MissingBinaryError ? error.message : `Topology: traceroute failed (${(error as Error).message})`;
      if (!warnings.includes(text)) warnings.push(text);
    }
  }
  return { connections: dedupeConnections(connections), hubs, warnings };
}
