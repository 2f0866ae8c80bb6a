import { findBinary, MissingBinaryError } from './binaries.js';
import { buildNmapArgs, nmapBatches, type ScanType } from './nmap-args.js';
import { lastTaskProgress, parseNmapXml, type NmapHost, type NmapRun } from './nmap-xml.js';
import { runProcess } from './run-process.js';

export class NmapError extends Error {
  constructor(
    message: string,
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(message);
    this.name = 'NmapError';
  }
}

export interface NmapRunOptions {
  /** Absolute path of nmap; found in the standard directories when omitted. */
  nmapPath?: string;
  signal?: AbortSignal;
  /** `taskprogress` of this run, 0–1, never decreasing. */
  onProgress?: (fraction: number) => void;
  onStderr?: (text: string) => void;
}

/** One nmap run with ready-made arguments (from buildNmapArgs); returns the parsed XML. */
export async function runNmap(args: readonly string[], options: NmapRunOptions = {}): Promise<NmapRun> {
  const nmap = options.nmapPath ?? findBinary('nmap');
  if (!nmap) throw new MissingBinaryError('nmap');
  let tail = '';
  let best = 0;
  const result = await runProcess(nmap, args, {
    signal: options.signal,
    onStderr: options.onStderr,
    onStdout: (chunk) => {
      // A tag may be split across chunks: look at the end of the previous chunk too.
      const window = tail + chunk;
      tail = window.slice(-512);
      const percent = lastTaskProgress(window);
      if (percent !== null && percent / 100 > best) {
        best = Math.min(1, percent / 100);
        options.onProgress?.(best);
      }
    },
  });
  if (result.code !== 0) {
    const reason = result.stderr.trim().split('\n')[0] || `exit code ${result.code ?? result.signal}`;
    throw new NmapError(`nmap failed: ${reason}`, result.code, result.stderr);
  }
  const run = parseNmapXml(result.stdout);
  if (run.exit === 'error') throw new NmapError(`nmap failed: ${run.errorMessage ?? 'unknown error'}`, result.code, result.stderr);
  options.onProgress?.(1);
  return run;
}

export interface NmapScanOptions extends Omit<NmapRunOptions, 'onProgress'> {
  hosts: readonly string[];
  scanType: ScanType;
  includeOsDetection?: boolean;
  privileged: boolean;
  /** Raw sockets from capabilities rather than uid 0 (nmap-args.ts). */
  byCapabilities?: boolean;
  batchSize?: number;
  /** Overall progress 0–1: (finished runs + current run's taskprogress) ÷ runs (§4). */
  onProgress?: (fraction: number) => void;
}

export interface NmapScanResult {
  hosts: NmapHost[];
  osDetection: boolean;
  warnings: string[];
}

/** The port phase (§3): the hosts in runs of 16 per family, one run after another. */
export async function runNmapScan(options: NmapScanOptions): Promise<NmapScanResult> {
  const nmapPath = options.nmapPath ?? findBinary('nmap');
  if (!nmapPath) throw new MissingBinaryError('nmap');
  const batches = nmapBatches(options.hosts, options.batchSize);
  const hosts: NmapHost[] = [];
  const warnings = new Set<string>();
  let osDetection = false;
  for (const [index, batch] of batches.entries()) {
    const built = buildNmapArgs({ ...options, hosts: batch });
    built.warnings.forEach((w) => warnings.add(w));
    osDetection ||= built.osDetection;
    const run = await runNmap(built.args, {
      ...options,
      nmapPath,
      onProgress: (fraction) => options.onProgress?.((index + fraction) / batches.length),
    });
    hosts.push(...run.hosts);
  }
  if (batches.length === 0) options.onProgress?.(1);
  return { hosts, osDetection, warnings: [...warnings] };
}
