import { findBinary, MissingBinaryError } from './binaries.js';
import { formatIp, parseIp } from './ip-address.js';
import { runProcess } from './run-process.js';

/** Hop addresses of `traceroute -n -q 1` output, in order; null where the hop did not answer. */
export function parseTracerouteOutput(stdout: string): (string | null)[] {
  const hops: (string | null)[] = [];
  for (const line of stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\S+)/.exec(line);
    if (!match) continue;
    const address = parseIp(match[2]);
    hops[Number(match[1]) - 1] = address ? formatIp(address) : null;
  }
  return Array.from(hops, (hop) => hop ?? null);
}

export interface TracerouteOptions {
  signal?: AbortSignal;
  traceroutePath?: string;
}

/** §7 routed networks: `traceroute -n -q 1 -w 1 -m 15 <ip>` (`-6` for IPv6). */
export async function traceroute(ip: string, options: TracerouteOptions = {}): Promise<(string | null)[]> {
  const address = parseIp(ip);
  if (!address) throw new TypeError(`Not an IP address: ${JSON.stringify(ip)}`);
  const path = options.traceroutePath ?? findBinary('traceroute');
  if (!path) throw new MissingBinaryError('traceroute');
  const args = [...(address.family === 6 ? ['-6'] : []), '-n', '-q', '1', '-w', '1', '-m', '15', formatIp(address)];
  const result = await runProcess(path, args, { signal: options.signal });
  if (result.code !== 0 && result.stdout.trim() === '') {
    throw new Error(`traceroute failed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.code}`}`);
  }
  return parseTracerouteOutput(result.stdout);
}
