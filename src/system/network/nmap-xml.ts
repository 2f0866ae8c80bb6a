import { createRequire } from 'node:module';
import type { XMLParser } from 'fast-xml-parser';
import { normalizeMac } from './oui.js';

export interface NmapPort {
  port: number;
  protocol: string;
  state: string;
  service: string;
  product?: string;
  version?: string;
  extraInfo?: string;
}

export interface NmapOsClass {
  type: string | null;
  vendor: string | null;
  family: string | null;
  generation: string | null;
  accuracy: number;
}

export interface NmapOsMatch {
  name: string;
  accuracy: number;
  classes: NmapOsClass[];
}

export interface NmapTraceHop {
  ttl: number;
  ip: string;
  rttMs: number | null;
}

export interface NmapHost {
  ip: string;
  family: 4 | 6;
  status: string;
  mac: string | null;
  /** nmap's own vendor guess for the MAC (we use oui.ts; this is kept for reference). */
  macVendor: string | null;
  /** Names nmap reported: the hostnames element, service detection (`hostname` attribute), scripts. */
  hostnames: string[];
  ports: NmapPort[];
  /** Best first, as nmap orders them. */
  osMatches: NmapOsMatch[];
  trace: NmapTraceHop[];
}

export interface NmapRun {
  hosts: NmapHost[];
  /** `runstats/finished/@exit`: `success` or `error`. */
  exit: string | null;
  errorMessage: string | null;
}

type Node = Record<string, unknown>;

const ARRAYS = new Set(['host', 'port', 'address', 'osmatch', 'osclass', 'cpe', 'hostname', 'script', 'elem', 'hop', 'taskprogress']);

let parser: XMLParser | null = null;

/** fast-xml-parser (about 1 MB of heap) is loaded by the first nmap run, not by every server start. */
function xmlParser(): XMLParser {
  if (!parser) {
    const { XMLParser } = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');
    parser = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      parseAttributeValue: false,
      parseTagValue: false,
      isArray: (name, _path, _leaf, isAttribute) => !isAttribute && ARRAYS.has(name),
    });
  }
  return parser;
}

const list = (value: unknown): Node[] => (Array.isArray(value) ? (value as Node[]) : []);
const node = (value: unknown): Node => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Node) : {});
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const int = (value: unknown): number => {
  const n = Number.parseFloat(String(value ?? ''));
  return Number.isFinite(n) ? n : 0;
};

function scriptNames(scripts: Node[]): string[] {
  const names: string[] = [];
  for (const script of scripts) {
    for (const elem of list(script.elem)) {
      const key = text(elem.key);
      const value = text(elem['#text']);
      if (value && (key === 'fqdn' || key === 'dns_computer_name' || key === 'server_name' || key === 'NetBIOS_Computer_Name')) names.push(value);
    }
    const output = text(script.output);
    const netbios = output && script.id === 'nbstat' ? /NetBIOS name:\s*([^\s,]+)/.exec(output) : null;
    if (netbios) names.push(netbios[1]);
  }
  return names;
}

function parseHost(host: Node): NmapHost | null {
  const addresses = list(host.address);
  const ipNode = addresses.find((a) => a.addrtype === 'ipv4' || a.addrtype === 'ipv6');
  const ip = text(ipNode?.addr);
  if (!ip) return null;
  const macNode = addresses.find((a) => a.addrtype === 'mac');
  const ports = list(node(host.ports).port).map((p): NmapPort => {
    const service = node(p.service);
    const port: NmapPort = {
      port: int(p.portid),
      protocol: String(p.protocol ?? 'tcp'),
      state: String(node(p.state).state ?? 'unknown'),
      service: text(service.name) ?? 'unknown',
    };
    const [product, version, extraInfo] = [text(service.product), text(service.version), text(service.extrainfo)];
    if (product) port.product = product;
    if (version) port.version = version;
    if (extraInfo) port.extraInfo = extraInfo;
    return port;
  });
  const hostnames = [
    ...list(node(host.hostnames).hostname).flatMap((h) => text(h.name) ?? []),
    ...list(node(host.ports).port).flatMap((p) => text(node(p.service).hostname) ?? []),
    ...scriptNames([...list(node(host.hostscript).script), ...list(node(host.ports).port).flatMap((p) => list(p.script))]),
  ];
  const osMatches = list(node(host.os).osmatch).map((m) => ({
    name: String(m.name ?? ''),
    accuracy: int(m.accuracy),
    classes: list(m.osclass).map((c) => ({
      type: text(c.type), vendor: text(c.vendor), family: text(c.osfamily), generation: text(c.osgen), accuracy: int(c.accuracy),
    })),
  }));
  const trace = list(node(host.trace).hop).map((h) => ({
    ttl: int(h.ttl), ip: String(h.ipaddr ?? ''), rttMs: h.rtt === undefined ? null : int(h.rtt),
  }));
  return {
    ip,
    family: ipNode?.addrtype === 'ipv6' ? 6 : 4,
    status: String(node(host.status).state ?? 'unknown'),
    mac: macNode ? normalizeMac(String(macNode.addr)) : null,
    macVendor: text(macNode?.vendor),
    hostnames: [...new Set(hostnames)],
    ports,
    osMatches,
    trace,
  };
}

/** Parses `nmap -oX` output. Throws when the text is not an nmap run. */
export function parseNmapXml(xml: string): NmapRun {
  const root = node(xmlParser().parse(xml) as unknown).nmaprun;
  if (!root || typeof root !== 'object') throw new Error('Not nmap XML output');
  const run = node(root);
  const finished = node(node(run.runstats).finished);
  return {
    hosts: list(run.host).flatMap((h) => parseHost(h) ?? []),
    exit: text(finished.exit),
    errorMessage: text(finished.errormsg),
  };
}

/** The last `taskprogress` percentage in a piece of streamed output, or null. */
export function lastTaskProgress(chunk: string): number | null {
  let percent: number | null = null;
  for (const match of chunk.matchAll(/<taskprogress\b[^>]*?\bpercent="([0-9.]+)"/g)) percent = Number(match[1]);
  return percent;
}
