import { notFound } from '../../errors.js';
import { AllowedNetworkSet } from '../../system/network/allowed-networks.js';
import { readInterfaces } from '../../system/network/interfaces.js';
import { ownNetworks } from '../../system/network/network-overview.js';
import { digTool } from './dig.js';
import { dnsQuery as realDnsQuery, type DnsQuery } from '../../system/network/dns/dns-client.js';
import { ipRouteTool } from './ip-route.js';
import { DEFAULT_TOOL_LIMITS, ToolLimiter, type ToolLimitSettings } from './limits.js';
import { netstatTool } from './netstat.js';
import { nmapTool } from './nmap.js';
import { nslookupTool } from './nslookup.js';
import { describeProcess, isoTimestamp, timeoutLine } from './output.js';
import { pingTool } from './ping.js';
import { reverseNamesVia, type ReverseNames } from './host-names.js';
import { resolveHost as realResolveHost, type HostResolver } from './resolve.js';
import { createProcessRunner, type ProcessRunner } from './spawn.js';
import { sslCheckTool } from './ssl-check.js';
import { tlsProbe as realTlsProbe, type TlsProbe } from './ssl/tls-probe.js';
import { listSysInterfaces, tcpdumpTool } from './tcpdump.js';
import { tracerouteTool } from './traceroute.js';
import { TOOL_NAMES, type BuiltinPlan, type ProcessPlan, type ToolCaller, type ToolContext, type ToolDefinition, type ToolName, type ToolResponse, type ToolStatus } from './types.js';
import { bodyObject } from './validation.js';
import { whoisTool } from './whois.js';

export { TOOL_NAMES, type ToolName, type ToolResponse, type ToolCaller };

const TOOLS: Record<ToolName, ToolDefinition> = {
  ping: pingTool,
  nmap: nmapTool,
  dig: digTool,
  nslookup: nslookupTool,
  traceroute: tracerouteTool,
  whois: whoisTool,
  'ssl-check': sslCheckTool,
  netstat: netstatTool,
  'ip-route': ipRouteTool,
  tcpdump: tcpdumpTool,
};

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name);
}

/** The tool of a path segment; `-` and `_` are interchangeable there (`ssl_check`, `ip_route`). */
export function toolFromPathSegment(segment: string): ToolName | undefined {
  const name = segment.replace(/_/g, '-');
  return isToolName(name) ? name : undefined;
}

export interface ToolRunLogger {
  info(fields: Record<string, unknown>, message: string): void;
}

export interface ToolsServiceOptions {
  /** TOOLS_MAX_CONCURRENT, TOOLS_MAX_PER_USER, TOOLS_RATE_PER_MINUTE (config.md §10). */
  limits?: ToolLimitSettings;
  /** DNS_SERVERS (config.md §9). */
  dnsServers?: string[];
  /** SCAN_ALLOWED_NETWORKS; unset → the defaults of scanner.md §2.2. */
  allowedNetworks?: string[];
  /** TOOLS_WHOIS_ENABLED (default true). */
  whoisEnabled?: boolean;
  /** Test seams: real implementations by default. */
  dnsPort?: number;
  extraCa?: string[];
  runProcess?: ProcessRunner;
  dnsQuery?: DnsQuery;
  tlsProbe?: TlsProbe;
  resolveHost?: HostResolver;
  reverseNames?: ReverseNames;
  listInterfaces?: () => Promise<string[]>;
  timeoutsMs?: Partial<Record<ToolName, number>>;
  clock?: () => number;
  logger?: ToolRunLogger;
}

export interface RunToolOptions {
  /** Aborted when the HTTP client goes away, or on cancel: the run is stopped (tools.md §4). */
  signal?: AbortSignal;
  /** Live runs: each line of a program's output as it arrives (builtin tools answer at the end only). */
  onLine?: (line: string) => void;
  /** Live runs accept their extra fields (types.ts PlanMode). */
  live?: boolean;
}

/** A run that passed validation and the limits; `done` resolves with the 200 body. */
export interface StartedRun {
  command: string | null;
  done: Promise<ToolResponse>;
}

interface Outcome {
  output: string;
  status: ToolStatus;
  command: string;
  exitCode: number | null;
  truncated: boolean;
}

export class ToolsService {
  private readonly ctx: ToolContext;
  private readonly limiter: ToolLimiter;

  constructor(private readonly options: ToolsServiceOptions = {}) {
    this.limiter = new ToolLimiter(options.limits ?? DEFAULT_TOOL_LIMITS, options.clock);
    this.ctx = {
      runProcess: options.runProcess ?? createProcessRunner(),
      dnsQuery: options.dnsQuery ?? realDnsQuery,
      tlsProbe: options.tlsProbe ?? realTlsProbe,
      resolveHost: options.resolveHost ?? realResolveHost,
      reverseNames: options.reverseNames ?? reverseNamesVia(options.dnsServers ?? [], options.dnsPort ?? 53),
      whoisEnabled: options.whoisEnabled ?? true,
      listInterfaces: options.listInterfaces ?? listSysInterfaces,
      dnsServers: options.dnsServers ?? [],
      dnsPort: options.dnsPort ?? 53,
      allowedNetworks: new AllowedNetworkSet(options.allowedNetworks, () => ownNetworks(readInterfaces())),
      extraCa: options.extraCa ?? [],
    };
  }

  /**
   * Validates `body` (400, nothing started), admits the run (429) and runs the tool. Resolves with
   * the 200 body whatever the tool's own result.
   */
  async runTool(name: ToolName, body: unknown, caller: ToolCaller, run: RunToolOptions = {}): Promise<ToolResponse> {
    return (await this.startTool(name, body, caller, run)).done;
  }

  /**
   * Validates `body` (Invalid, nothing started) and admits the run (Throttled), then starts it without waiting
   * for its end: live runs answer their caller at once and send the output as it comes.
   */
  async startTool(name: ToolName, body: unknown, caller: ToolCaller, run: RunToolOptions = {}): Promise<StartedRun> {
    if (!isToolName(name)) throw notFound();
    const tool = TOOLS[name];
    const plan = await tool.plan(bodyObject(body), this.ctx, { live: run.live });
    const release = this.limiter.acquire(caller.userId, name, tool.exclusive);
    const started = Date.now();
    const timeoutMs = this.options.timeoutsMs?.[name] ?? tool.timeoutMs;
    const execute = async (): Promise<ToolResponse> => {
      let outcome: Outcome;
      try {
        outcome = plan.kind === 'process' ? await this.runProcess(plan, timeoutMs, run) : await this.runBuiltin(plan, timeoutMs, run.signal);
      } finally {
        release();
      }
      const finished = new Date();
      const durationMs = finished.getTime() - started;
      this.options.logger?.info(
        { userId: caller.userId, tool: name, command: outcome.command, exitCode: outcome.exitCode, durationMs },
        'tool run',
      );
      return {
        output: outcome.output,
        status: outcome.status,
        timestamp: isoTimestamp(finished),
        tool: name,
        command: outcome.command,
        exit_code: outcome.exitCode,
        duration_ms: durationMs,
        truncated: outcome.truncated,
      };
    };
    return { command: plan.kind === 'process' ? [plan.command, ...plan.args].join(' ') : plan.description, done: execute() };
  }

  private async runProcess(plan: ProcessPlan, timeoutMs: number, run: RunToolOptions): Promise<Outcome> {
    const { signal } = run;
    const onLine = run.onLine && plan.rewriteLine ? (line: string) => run.onLine!(plan.rewriteLine!(line)) : run.onLine;
    let program = { command: plan.command, args: plan.args };
    let result = await this.ctx.runProcess({ ...program, timeoutMs, signal, dropLine: plan.dropLine, onLine });
    if (result.spawnError?.code === 'ENOENT' && plan.fallback) {
      program = plan.fallback;
      result = await this.ctx.runProcess({ ...program, timeoutMs, signal, dropLine: plan.dropLine, onLine });
    }
    if (plan.rewriteOutput && !result.spawnError) result = { ...result, output: await plan.rewriteOutput(result.output, signal) };
    const { output, status } = describeProcess(program.command, result, timeoutMs);
    const ran = !result.spawnError && !result.timedOut;
    return {
      output,
      status,
      command: [program.command, ...program.args].join(' '),
      exitCode: ran ? result.exitCode : null,
      truncated: result.truncated,
    };
  }

  private async runBuiltin(plan: BuiltinPlan, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    const controller = new AbortController();
    const signals = signal ? [controller.signal, signal] : [controller.signal];
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<{ output: string; status: ToolStatus }>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ output: timeoutLine(timeoutMs), status: 'error' });
      }, timeoutMs);
    });
    try {
      const result = await Promise.race([plan.run(AbortSignal.any(signals)), timedOut]);
      return { ...result, command: plan.description, exitCode: null, truncated: false };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { output: `Error: ${reason}`, status: 'error', command: plan.description, exitCode: null, truncated: false };
    } finally {
      clearTimeout(timer);
    }
  }
}
