/**
 * HTTP load from `wrk` (a C load generator; Debian package `wrk`): a node:http client loop in the benchmark's own
 * process tops out near half of what a bare Fastify serves on this machine, which pushed every ratio toward 1.
 * wrk runs as a child process without a shell, for a bounded number of whole seconds, on loopback only; its `done`
 * hook (wrk-report.lua) prints the figures as one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { childrenCpuMs } from './servers.js';

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  /** Socket errors, timeouts and answers with status ≥ 400. */
  errors: number;
  /** Latency percentiles, ms. */
  p50: number;
  p95: number;
  p99: number;
  /** CPU time wrk itself used, ms: the load generator's share of the machine. */
  clientCpuMs: number;
}

interface WrkReport {
  requests: number;
  durationUs: number;
  p50Us: number;
  p95Us: number;
  p99Us: number;
  errors: Record<'connect' | 'read' | 'write' | 'status' | 'timeout', number>;
}

const REPORT_SCRIPT = join(import.meta.dirname, 'wrk-report.lua');
const REPORT_PREFIX = 'WRK_JSON ';
/** wrk gets this long beyond its own duration to finish before it is killed. */
const GRACE_MS = 10_000;
const running = new Set<ChildProcess>();
// wrk stops by itself after its duration; this only covers a benchmark that ends (or crashes) mid-run.
process.once('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** The URL, if its host is a loopback address; the benchmarks load nothing else. */
function loopbackUrl(url: string): URL {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = (isIP(host) === 4 && host.startsWith('127.')) || host === '::1';
  if (!loopback || target.protocol !== 'http:') throw new Error(`load: ${url} is not an http URL on a loopback address`);
  return target;
}

function runWrk(args: string[], limitMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: limitMs, killSignal: 'SIGKILL' });
    running.add(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      running.delete(child);
      reject(error.code === 'ENOENT' ? new Error('load: wrk is not installed (Debian/Ubuntu: apt-get install wrk)') : error);
    });
    child.once('close', (code, signal) => {
      running.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`load: wrk ended with ${signal ?? code}: ${(err || out).trim().slice(0, 500)}`));
    });
  });
}

/**
 * A bounded keep-alive load: `connections` connections from `threads` wrk threads (default 1: the machine's other
 * cores stay with the server) for `seconds` whole seconds, then wrk stops.
 */
export async function load(url: string, opts: { seconds: number; connections: number; threads?: number; headers?: Record<string, string> }): Promise<LoadResult> {
  const target = loopbackUrl(url);
  const seconds = Math.max(1, Math.round(opts.seconds));
  const threads = Math.min(opts.threads ?? 1, opts.connections);
  const headerArgs = Object.entries(opts.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const args = ['-t', String(threads), '-c', String(opts.connections), '-d', `${seconds}s`, '-s', REPORT_SCRIPT, ...headerArgs, '--', target.href];
  const cpuBefore = childrenCpuMs();
  const out = await runWrk(args, seconds * 1000 + GRACE_MS);
  const clientCpuMs = childrenCpuMs() - cpuBefore;
  const line = out.split('\n').find((l) => l.startsWith(REPORT_PREFIX));
  if (!line) throw new Error(`load: wrk printed no report: ${out.trim().slice(0, 500)}`);
  const report = JSON.parse(line.slice(REPORT_PREFIX.length)) as WrkReport;
  const elapsed = report.durationUs / 1e6;
  const errors = Object.values(report.errors).reduce((sum, n) => sum + n, 0);
  return {
    requests: report.requests, seconds: elapsed, perSecond: report.requests / elapsed, errors,
    p50: report.p50Us / 1000, p95: report.p95Us / 1000, p99: report.p99Us / 1000, clientCpuMs,
  };
}
