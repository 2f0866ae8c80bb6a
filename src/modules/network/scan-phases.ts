import type { Logger } from 'pino';
import type { InterfaceInfo } from '../../system/network/interfaces.js';
import { NMAP_MISSING_WARNING, type ScanType } from '../../system/network/nmap-args.js';
import type { TargetBlock } from '../../system/network/targets.js';
import type { Connection } from './connections.repository.js';
import { identifyHosts, type Identity } from './device-identity.js';
import type { MergeContext } from './device-merge.js';
import type { Device, DevicesRepository } from './devices.repository.js';
import { ScanAbort } from './scan-abort.js';
import { Observations } from './scan-observations.js';
import type { ProgressReporter } from './scan-progress.js';
import type { ObservedSummary, ScanSaver } from './scan-saver.js';
import type { ScannerSystem } from './scan-system.js';
import type { TargetResolver } from './scan-targets.js';
import { inferTopology } from './scan-topology.js';
import type { Scan } from './scans.repository.js';

export interface PhaseDeps {
  system: ScannerSystem;
  targets: TargetResolver;
  devices: DevicesRepository;
  saver: ScanSaver;
  logger: Logger;
  resolveNames: boolean;
  dnsServers: readonly string[] | null;
}

export interface Saved {
  observed: ObservedSummary;
  connections: Connection[];
  wentOffline: Device[];
}

/** What a scan has learnt so far; a stopped scan saves `obs` from here. */
export class ScanWork {
  readonly obs = new Observations();
  readonly warnings: string[] = [];
  blocks: TargetBlock[] = [];
  interfaces: InterfaceInfo[] = [];
  gatewayIps: string[] = [];
  identities: Identity[] | null = null;

  warn(...texts: string[]): void {
    for (const text of texts) if (!this.warnings.includes(text)) this.warnings.push(text);
  }
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof ScanAbort ? signal.reason : new ScanAbort('cancelled');
}

/** The phases of scanner.md §4, `targets` to `saving`, for one scan. */
export class ScanPhases {
  constructor(private readonly deps: PhaseDeps) {}

  async run(scan: Scan, work: ScanWork, reporter: ProgressReporter, signal: AbortSignal): Promise<Saved> {
    const { system } = this.deps;
    work.blocks = this.deps.targets.blocksOf(scan);
    work.interfaces = system.interfaces();
    work.gatewayIps = (await system.routes()).filter((r) => r.gateway && r.destination.endsWith('/0')).map((r) => r.gateway!);
    reporter.update('discovery', 5);

    const probe = await system.probeHosts({
      targets: work.blocks, privileged: system.rawSockets['arp-scan'], interfaces: work.interfaces, binaries: system.binaries,
      fpingIntervalMs: system.privileged ? 1 : undefined, signal,
      onProgress: (f) => reporter.update(null, 5 + 25 * f),
      onHost: (host) => {
        work.obs.addProbed(host);
        reporter.update(null, 0, work.obs.size);
      },
    });
    probe.hosts.forEach((host) => work.obs.addProbed(host));
    work.warn(...probe.warnings);
    reporter.update('names', 30, work.obs.size);

    if (this.deps.resolveNames && work.obs.size > 0) {
      work.obs.addNames(await system.lookupHostNames({
        hosts: work.obs.list(), interfaces: work.interfaces, dnsServers: this.deps.dnsServers ?? undefined, signal,
      }));
    }
    throwIfAborted(signal);
    reporter.update('ports', 40);

    if (scan.options.includePorts && work.obs.size > 0) {
      if (!system.binaries.nmap) work.warn(NMAP_MISSING_WARNING);
      else {
        const result = await system.runNmapScan({
          hosts: work.obs.ips(), scanType: scan.scanType as ScanType, includeOsDetection: scan.options.includeOsDetection,
          privileged: system.rawSockets.nmap, byCapabilities: system.nonRoot, nmapPath: system.binaries.nmap, signal,
          onProgress: (f) => reporter.update(null, 40 + 50 * f),
          onStderr: (text) => this.deps.logger.debug({ scanId: scan.id, stderr: text.trim() }, 'nmap stderr'),
        });
        work.obs.addNmap(result.hosts);
        work.warn(...result.warnings);
      }
    }
    reporter.update('topology', 90);

    const identities = await this.identify(work);
    const storedByIp = new Map((await this.deps.devices.withIp()).map((d) => [d.ip!, d.id]));
    const topology = await inferTopology({
      blocks: work.blocks, interfaces: work.interfaces, gatewayIps: work.gatewayIps, identities, storedByIp,
      traceroute: (ip) => system.traceroute(ip, { signal, traceroutePath: system.binaries.traceroute ?? undefined }),
    });
    work.warn(...topology.warnings);
    throwIfAborted(signal);
    reporter.update('saving', 95);

    // From here on the scan only writes: a cancel arriving now no longer stops it.
    const now = new Date().toISOString();
    const observed = await this.deps.saver.saveObserved(scan, identities, (i) => this.mergeContext(scan, work, i, now, topology.hubs));
    const connections = await this.deps.saver.saveConnections(topology.connections, observed, now);
    const wentOffline = await this.deps.saver.markMissed(scan, work.blocks, observed.observedIds, now);
    return { observed, connections, wentOffline };
  }

  /** A stopped scan (cancel, timeout, shutdown) keeps the hosts it saw: merged, without inference or misses. */
  async saveStopped(scan: Scan, work: ScanWork): Promise<Saved> {
    const identities = await this.identify(work);
    const now = new Date().toISOString();
    const observed = await this.deps.saver.saveObserved(scan, identities, (i) => this.mergeContext(scan, work, i, now, new Map()));
    return { observed, connections: [], wentOffline: [] };
  }

  private async identify(work: ScanWork): Promise<Identity[]> {
    if (work.identities) return work.identities;
    const hosts = work.obs.list();
    const candidates = await this.deps.devices.findByMacsOrIps(hosts.flatMap((h) => h.mac ?? []), hosts.map((h) => h.ip));
    work.identities = identifyHosts(hosts, candidates);
    return work.identities;
  }

  private mergeContext(scan: Scan, work: ScanWork, identity: Identity, now: string, hubs: Map<string, string>): MergeContext {
    return {
      scanId: scan.id, now, isDefaultGateway: work.gatewayIps.includes(identity.obs.ip),
      isServerHub: hubs.get(identity.deviceId) === 'server', serverHostname: this.deps.system.hostname(),
    };
  }
}
