import type { NmapHost } from './nmap-xml.js';

/** One entry of a device's `metadata.ports` (scanner.md §5.3). */
export interface PortMetadata {
  port: number;
  protocol: 'tcp';
  service: string;
  state: 'open';
  product?: string;
  version?: string;
}

export interface OsMetadata {
  os: string;
  os_accuracy: number;
  os_family: string | null;
}

/** Every open TCP port of the host, in port order. */
export function portsMetadata(host: NmapHost): PortMetadata[] {
  return host.ports
    .filter((p) => p.protocol === 'tcp' && p.state === 'open')
    .sort((a, b) => a.port - b.port)
    .map((p) => {
      const entry: PortMetadata = { port: p.port, protocol: 'tcp', service: p.service, state: 'open' };
      if (p.product) entry.product = p.product;
      if (p.version) entry.version = p.version;
      return entry;
    });
}

/** The best `osmatch` (nmap lists the most accurate first), or null when OS detection found nothing. */
export function osMetadata(host: NmapHost): OsMetadata | null {
  const best = host.osMatches[0];
  if (!best || !best.name) return null;
  return { os: best.name, os_accuracy: Math.round(best.accuracy), os_family: best.classes[0]?.family ?? null };
}

export function openTcpPorts(host: NmapHost): number[] {
  return portsMetadata(host).map((p) => p.port);
}

/** The osclass `type` values of the best match (e.g. `general purpose`, `router`, `WAP`). */
export function osClassTypes(host: NmapHost): string[] {
  return (host.osMatches[0]?.classes ?? []).flatMap((c) => c.type ?? []);
}
