import { arpScan, type MacMap } from './arp-scan.js';
import { detectBinaries, MissingBinaryError } from './binaries.js';
import { mapLimit } from './concurrency.js';
import { fpingSweep, pingSweep, type LatencyMap } from './fping.js';
import { readInterfaces, type InterfaceInfo } from './interfaces.js';
import { compareIpTexts, parseIp, type IpFamily } from './ip-address.js';
import { IpNetwork } from './ip-network.js';
import { neighbourSweep, readArpTable } from './neighbours.js';
import { lookupVendor } from './oui.js';
import { blockAddresses, type TargetBlock } from './targets.js';
import { tcpProbe } from './tcp-probe.js';

export const ARP_SCAN_SKIPPED_WARNING =
  'ARP scan skipped: arp-scan needs CAP_NET_RAW (docs/unprivileged.md), so MAC addresses come from the kernel neighbour table';

export type DiscoveryMethod = 'arp-scan' | 'neighbour' | 'icmp' | 'tcp' | 'self';

export interface ProbedHost {
  ip: string;
  family: IpFamily;
  mac: string | null;
  vendor: string | null;
  macRandomized: boolean;
  /** Round-trip time from fping/ping; null when ICMP did not answer. */
  latencyMs: number | null;
  methods: DiscoveryMethod[];
  /** One of the server's own addresses. */
  isThisServer: boolean;
  /** The server's interface on that network, for attached networks. */
  interfaceName: string | null;
}

export interface ProbeHostsOptions {
  targets: readonly TargetBlock[];
  /** Root or raw-socket capability (capabilities.ts): arp-scan is used only then. */
  privileged: boolean;
  /** Defaults to the current namespace's interfaces. */
  interfaces?: readonly InterfaceInfo[];
  /** Program paths, null = not installed; defaults to what is found on disk. */
  binaries?: Partial<Record<'fping' | 'ping' | 'arp-scan' | 'ip', string | null>>;
  fpingIntervalMs?: number;
  /** Target networks swept at once (§5.5). */
  parallelNetworks?: number;
  signal?: AbortSignal;
  /** Share of target networks finished, 0–1. */
  onProgress?: (fraction: number) => void;
  /** Each time a host is found or learns more; lets a cancelled scan keep what it saw. */
  onHost?: (host: ProbedHost) => void;
}

export interface ProbeHostsResult {
  hosts: ProbedHost[];
  warnings: string[];
}

interface Attachment {
  interfaceName: string;
  isLoopback: boolean;
}

function attachmentOf(block: TargetBlock, interfaces: readonly InterfaceInfo[]): Attachment | null {
  for (const iface of interfaces) {
    if (!iface.is_up) continue;
    for (const a of iface.addresses) {
      const network = IpNetwork.parse(`${a.address}/${a.prefix_length}`);
      if (network && network.overlaps(block.network)) return { interfaceName: iface.name, isLoopback: iface.is_loopback };
    }
  }
  return null;
}

/** §5.1: finds the live hosts of the targets with ARP-level, ICMP and (routed networks) TCP probes. */
export async function probeHosts(options: ProbeHostsOptions): Promise<ProbeHostsResult> {
  const interfaces = options.interfaces ?? readInterfaces();
  const bin = { ...detectBinaries(), ...options.binaries };
  const hosts = new Map<string, ProbedHost>();
  const warnings = new Set<string>();
  const signal = options.signal;

  const record = (ip: string, update: { mac?: string | null; latencyMs?: number; method: DiscoveryMethod; self?: boolean; iface?: string | null }) => {
    const family = parseIp(ip)?.family ?? 4;
    const host = hosts.get(ip) ?? { ip, family, mac: null, vendor: null, macRandomized: false, latencyMs: null, methods: [], isThisServer: false, interfaceName: null };
    if (update.mac && !host.mac) Object.assign(host, { mac: update.mac }, lookupVendor(update.mac));
    if (update.latencyMs !== undefined) host.latencyMs = update.latencyMs;
    if (!host.methods.includes(update.method)) host.methods.push(update.method);
    if (update.self) host.isThisServer = true;
    host.interfaceName ??= update.iface ?? null;
    hosts.set(ip, host);
    options.onHost?.({ ...host, methods: [...host.methods] });
  };
  const tolerate = async <T>(work: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (signal?.aborted) throw error;
      warnings.add(error instanceof MissingBinaryError ? error.message : `Discovery: ${(error as Error).message}`);
      return fallback;
    }
  };

  const sweepBlock = async (block: TargetBlock) => {
    const addresses = blockAddresses(block);
    const wanted = new Set(addresses);
    const attached = attachmentOf(block, interfaces);
    const iface = attached?.interfaceName ?? null;
    for (const own of interfaces) {
      for (const a of own.addresses) {
        const normalized = parseIp(a.address);
        if (normalized && block.network.containsAddress(normalized) && wanted.has(a.address)) {
          record(a.address, { mac: own.mac, method: 'self', self: true, iface: own.name });
        }
      }
    }

    const arpLevel = async (): Promise<[MacMap, DiscoveryMethod]> => {
      if (!attached || attached.isLoopback) return [new Map(), 'neighbour'];
      if (block.network.family === 4 && options.privileged && bin['arp-scan']) {
        const macs = await tolerate(() => arpScan({ interfaceName: attached.interfaceName, network: block.network, signal, arpScanPath: bin['arp-scan']! }), null);
        if (macs) return [macs, 'arp-scan'];
      } else if (block.network.family === 4 && bin['arp-scan']) warnings.add(ARP_SCAN_SKIPPED_WARNING);
      return [await tolerate(() => neighbourSweep(addresses, { signal, ipPath: bin.ip ?? undefined }), new Map()), 'neighbour'];
    };
    const icmp = async (): Promise<LatencyMap> => {
      if (bin.fping) {
        const whole = block.network.hasEdges && !block.includeEdges;
        return tolerate(() => fpingSweep({ ...(whole ? { network: block.network } : { addresses }), intervalMs: options.fpingIntervalMs, signal, fpingPath: bin.fping! }), new Map());
      }
      if (bin.ping) return tolerate(() => pingSweep(addresses, { signal, pingPath: bin.ping! }), new Map());
      warnings.add('ICMP sweep skipped: neither fping (Debian package: fping) nor ping (Debian package: iputils-ping) is installed');
      return new Map();
    };

    const [[macs, arpMethod], latencies] = await Promise.all([arpLevel(), icmp()]);
    for (const [ip, mac] of macs) if (wanted.has(ip)) record(ip, { mac, method: arpMethod, iface });
    for (const [ip, latencyMs] of latencies) if (wanted.has(ip)) record(ip, { latencyMs, method: 'icmp', iface });
    if (attached && !attached.isLoopback && block.network.family === 4) {
      // fping made the kernel resolve every host that answered: take their MACs without sending anything more.
      const table = await tolerate(() => readArpTable(), new Map<string, string>());
      for (const ip of latencies.keys()) {
        const mac = table.get(ip);
        if (mac && !hosts.get(ip)?.mac) record(ip, { mac, method: 'icmp' });
      }
    }
    if (!attached) {
      const unanswered = addresses.filter((a) => !hosts.has(a));
      for (const ip of await tcpProbe(unanswered, { signal })) record(ip, { method: 'tcp' });
    }
  };

  let done = 0;
  await mapLimit(options.targets, options.parallelNetworks ?? 4, async (block) => {
    await sweepBlock(block);
    options.onProgress?.(++done / options.targets.length);
  }, signal);
  if (signal?.aborted) throw signal.reason;
  return { hosts: [...hosts.values()].sort((a, b) => compareIpTexts(a.ip, b.ip)), warnings: [...warnings] };
}
