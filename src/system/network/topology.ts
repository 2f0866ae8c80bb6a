import { IpNetwork } from './ip-network.js';
import { parseIp } from './ip-address.js';

/** A host found in one network, already matched to its device. */
export interface TopologyHost {
  deviceId: string;
  ip: string;
  latencyMs: number | null;
}

export interface InferredConnection {
  source: string;
  target: string;
  type: 'wired';
  status: 'active';
  latency: number | null;
  inferred: true;
  evidence: string[];
  confidence: number;
}

export type HubKind = 'gateway' | 'server';

export interface AttachedNetworkInput {
  network: IpNetwork;
  /** Live hosts found in that network (the server's own device among them when it has an address there). */
  hosts: readonly TopologyHost[];
  /** The server's default gateways (`/proc/net/route`, `/proc/net/ipv6_route`). */
  gatewayIps: readonly string[];
  /** The server's own device, when the server has an address in this network. */
  serverDeviceId: string | null;
}

export interface AttachedNetworkResult {
  hub: { deviceId: string; kind: HubKind } | null;
  connections: InferredConnection[];
}

const connection = (source: string, target: string, latency: number | null, evidence: string[], confidence: number): InferredConnection =>
  ({ source, target, type: 'wired', status: 'active', latency, inferred: true, evidence, confidence });

const inside = (network: IpNetwork, ip: string) => {
  const address = parseIp(ip);
  return address !== null && network.containsAddress(address);
};

/** §7 attached networks: the default gateway, else the server itself, is the hub every other host links to. */
export function inferAttachedNetwork(input: AttachedNetworkInput): AttachedNetworkResult {
  const gatewayIp = input.gatewayIps.find((ip) => inside(input.network, ip));
  if (gatewayIp) {
    const gateway = input.hosts.find((h) => h.ip === gatewayIp);
    if (!gateway) return { hub: null, connections: [] };
    const connections = input.hosts
      .filter((h) => h.deviceId !== gateway.deviceId)
      .map((h) => h.deviceId === input.serverDeviceId
        ? connection(gateway.deviceId, h.deviceId, h.latencyMs, ['default_gateway', 'local_route'], 0.9)
        : connection(gateway.deviceId, h.deviceId, h.latencyMs, ['default_gateway', 'same_subnet'], 0.6));
    return { hub: { deviceId: gateway.deviceId, kind: 'gateway' }, connections };
  }
  const server = input.serverDeviceId;
  if (server && input.hosts.some((h) => h.deviceId === server)) {
    const connections = input.hosts
      .filter((h) => h.deviceId !== server)
      .map((h) => connection(server, h.deviceId, h.latencyMs, ['same_subnet', 'local_interface'], 0.5));
    return { hub: { deviceId: server, kind: 'server' }, connections };
  }
  return { hub: null, connections: [] };
}

export interface RoutedNetworkInput {
  network: IpNetwork;
  /** Traceroute hop addresses in order; null for a hop that did not answer. */
  hops: readonly (string | null)[];
  /** Device id per known IP (devices observed by this scan or stored). */
  deviceByIp: ReadonlyMap<string, string>;
  /** Live hosts of the routed network. */
  hosts: readonly TopologyHost[];
}

/** §7 routed networks: link consecutive known hops, then the last known hop before the network to its hosts. */
export function inferRoutedNetwork(input: RoutedNetworkInput): InferredConnection[] {
  const result: InferredConnection[] = [];
  const known = input.hops.map((ip) => (ip ? input.deviceByIp.get(ip) ?? null : null));
  for (let i = 0; i + 1 < known.length; i++) {
    const [a, b] = [known[i], known[i + 1]];
    if (a && b && a !== b) result.push(connection(a, b, null, ['traceroute'], 0.8));
  }
  const hostDevices = new Set(input.hosts.map((h) => h.deviceId));
  const lastIndex = known.findLastIndex((id, i) => id !== null && !inside(input.network, input.hops[i]!) && !hostDevices.has(id));
  if (lastIndex >= 0) {
    const hub = known[lastIndex]!;
    for (const host of input.hosts) {
      if (host.deviceId !== hub) result.push(connection(hub, host.deviceId, host.latencyMs, ['traceroute', 'same_subnet'], 0.5));
    }
  }
  return dedupeConnections(result);
}

/** One connection per unordered device pair; the more confident inference wins. */
export function dedupeConnections(connections: readonly InferredConnection[]): InferredConnection[] {
  const byPair = new Map<string, InferredConnection>();
  for (const c of connections) {
    const key = [c.source, c.target].sort().join('\u0000');
    const existing = byPair.get(key);
    if (!existing || c.confidence > existing.confidence) byPair.set(key, c);
  }
  return [...byPair.values()];
}
