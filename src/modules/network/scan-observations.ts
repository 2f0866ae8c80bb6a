import type { HostNames } from '../../system/network/host-names.js';
import { compareIpTexts } from '../../system/network/ip-address.js';
import { osClassTypes, osMetadata, portsMetadata, type OsMetadata, type PortMetadata } from '../../system/network/nmap-metadata.js';
import type { NmapHost } from '../../system/network/nmap-xml.js';
import { lookupVendor } from '../../system/network/oui.js';
import type { ProbedHost } from '../../system/network/probe-hosts.js';

/** Everything one scan learnt about one live host. */
export interface HostObservation {
  ip: string;
  mac: string | null;
  vendor: string | null;
  macRandomized: boolean;
  latencyMs: number | null;
  isThisServer: boolean;
  interfaceName: string | null;
  names: HostNames;
  /** Set when the port phase ran for this host (scanner.md §5.3). */
  ports?: PortMetadata[];
  os?: OsMetadata;
  osClassTypes?: string[];
}

/** The live hosts of a scan, keyed by IP, filled phase by phase. */
export class Observations {
  private readonly hosts = new Map<string, HostObservation>();

  get size(): number {
    return this.hosts.size;
  }

  addProbed(h: ProbedHost): void {
    const known = this.hosts.get(h.ip);
    this.hosts.set(h.ip, {
      ...known, ip: h.ip, mac: h.mac ?? known?.mac ?? null, vendor: h.mac ? h.vendor : known?.vendor ?? null,
      macRandomized: h.mac ? h.macRandomized : known?.macRandomized ?? false, latencyMs: h.latencyMs ?? known?.latencyMs ?? null,
      isThisServer: h.isThisServer || (known?.isThisServer ?? false),
      interfaceName: h.interfaceName ?? known?.interfaceName ?? null, names: known?.names ?? {},
    });
  }

  addNames(names: ReadonlyMap<string, HostNames>): void {
    for (const [ip, found] of names) {
      const host = this.hosts.get(ip);
      if (host) host.names = { ...host.names, ...found };
    }
  }

  /** Ports, OS, and what nmap saw that discovery did not (a MAC, a name). */
  addNmap(nmapHosts: readonly NmapHost[]): void {
    for (const n of nmapHosts) {
      const host = this.hosts.get(n.ip);
      if (!host) continue;
      host.ports = portsMetadata(n);
      const os = osMetadata(n);
      if (os) host.os = os;
      host.osClassTypes = osClassTypes(n);
      if (!host.mac && n.mac) Object.assign(host, { mac: n.mac }, lookupVendor(n.mac));
      if (n.hostnames[0] && !host.names.nmap_name) host.names = { ...host.names, nmap_name: n.hostnames[0] };
    }
  }

  list(): HostObservation[] {
    return [...this.hosts.values()].sort((a, b) => compareIpTexts(a.ip, b.ip));
  }

  ips(): string[] {
    return this.list().map((h) => h.ip);
  }
}
