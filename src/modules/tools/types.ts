import type { AllowedNetworkSet } from '../../system/network/allowed-networks.js';
import type { ProcessRunner } from './spawn.js';
import type { DnsQuery } from '../../system/network/dns/dns-client.js';
import type { TlsProbe } from './ssl/tls-probe.js';
import type { ReverseNames } from './host-names.js';
import type { HostResolver } from './resolve.js';

export const TOOL_NAMES = [
  'ping',
  'nmap',
  'dig',
  'nslookup',
  'traceroute',
  'whois',
  'ssl-check',
  'netstat',
  'ip-route',
  'tcpdump',
] as const;

export type ToolName = (typeof TOOL_NAMES)[number];
export type ToolStatus = 'success' | 'error' | 'warning';

/** The 200 body of every tool route (tools.md §1). */
export interface ToolResponse {
  output: string;
  status: ToolStatus;
  timestamp: string;
  tool: ToolName;
  command: string;
  exit_code: number | null;
  duration_ms: number;
  truncated: boolean;
}

export interface ToolCaller {
  userId: number;
}

/** Everything a tool may touch; injected so tests can spy that rejected input touches nothing. */
export interface ToolContext {
  runProcess: ProcessRunner;
  dnsQuery: DnsQuery;
  tlsProbe: TlsProbe;
  resolveHost: HostResolver;
  /** PTR names through `DNS_SERVERS` (else the system resolver's servers): child tools resolve nothing. */
  reverseNames: ReverseNames;
  /** `TOOLS_WHOIS_ENABLED`: whois is the one tool that talks to servers on the internet. */
  whoisEnabled: boolean;
  /** Names of the interfaces present (tcpdump `interface` check). */
  listInterfaces: () => Promise<string[]>;
  /** `DNS_SERVERS` (config.md §9); empty = the system resolver. */
  dnsServers: string[];
  /** Port of the DNS servers: always 53 in production, a free port in tests without root. */
  dnsPort: number;
  /** `SCAN_ALLOWED_NETWORKS` or its default (scanner.md §2.2): the scanner's own set. */
  allowedNetworks: AllowedNetworkSet;
  /** Extra trust anchors for ssl-check, on top of the system trust store. */
  extraCa: string[];
}

/** A spawned program; `fallback` runs instead when `command` is not installed (netstat → ss). */
export interface ProcessPlan {
  kind: 'process';
  command: string;
  args: string[];
  dropLine?: (line: string) => boolean;
  /** Applied to the output once the program ended, e.g. to put in names the program was told not to look up. */
  rewriteOutput?: (output: string, signal?: AbortSignal) => Promise<string>;
  /** The same for one line of live output, where the rewrite needs nothing the program has not written yet. */
  rewriteLine?: (line: string) => string;
  fallback?: { command: string; args: string[] };
}

export interface BuiltinResult {
  output: string;
  status: ToolStatus;
}

/** A tool implemented inside the server (dig, nslookup, ssl-check). */
export interface BuiltinPlan {
  kind: 'builtin';
  description: string;
  run: (signal: AbortSignal) => Promise<BuiltinResult>;
}

export type ToolPlan = ProcessPlan | BuiltinPlan;

/**
 * How a run was asked for. Live runs (the `run_tool` socket event) accept a few extra fields, such as ping's
 * `count`; the REST routes keep their fixed commands and answers.
 */
export interface PlanMode {
  live?: boolean;
}

export interface ToolDefinition {
  name: ToolName;
  timeoutMs: number;
  /** Only one run of this tool at a time on the instance (nmap, tcpdump). */
  exclusive?: boolean;
  /** Validates the body (throws Invalid) and says what to run. Touches nothing on rejection. */
  plan: (body: Record<string, unknown>, ctx: ToolContext, mode?: PlanMode) => Promise<ToolPlan>;
}
