import { findBinary, MissingBinaryError } from './binaries.js';
import { mapLimit } from './concurrency.js';
import { parseIp } from './ip-address.js';
import type { IpNetwork } from './ip-network.js';
import { runProcess } from './run-process.js';

/** Round-trip time in ms per live address. */
export type LatencyMap = Map<string, number>;

export interface IcmpSweepOptions {
  /** A whole IPv4 network for `--generate` (fping skips its network and broadcast addresses). */
  network?: IpNetwork;
  /** Or an explicit address list (ranges, IPv6). */
  addresses?: readonly string[];
  /** fping `--interval` in ms (§5.5). */
  intervalMs?: number;
  signal?: AbortSignal;
  fpingPath?: string;
  /** fping `--timeout` per try in ms (default 500). */
  timeoutMs?: number;
}

/** `<ip> (<ms> ms)` lines of `fping --alive --elapsed`. */
export function parseFpingOutput(stdout: string): LatencyMap {
  const alive: LatencyMap = new Map();
  for (const line of stdout.split('\n')) {
    const match = /^(\S+) \(([0-9.]+) ms\)/.exec(line.trim());
    if (match && parseIp(match[1])) alive.set(match[1], Number(match[2]));
  }
  return alive;
}

/** ICMP sweep with fping (§5.1 step 2). Exit codes 1 (some unreachable) and 2 (none alive) are normal. */
export async function fpingSweep(options: IcmpSweepOptions): Promise<LatencyMap> {
  const fping = options.fpingPath ?? findBinary('fping');
  if (!fping) throw new MissingBinaryError('fping');
  const addresses = options.addresses ?? [];
  const first = options.network ? options.network.family : addresses.length ? parseIp(addresses[0])?.family : 4;
  if (!options.network && addresses.length === 0) return new Map();
  if (addresses.some((a) => parseIp(a)?.family !== first)) throw new TypeError('fping sweep needs IP literals of one family');
  const args = ['--alive', '--elapsed', '--retry=1', `--timeout=${Math.max(50, Math.floor(options.timeoutMs ?? 500))}`];
  if (options.intervalMs !== undefined) args.push(`--interval=${Math.max(0, Math.floor(options.intervalMs))}`);
  if (first === 6) args.push('-6');
  if (options.network) args.push('--generate', options.network.toString());
  else args.push(...addresses);
  const result = await runProcess(fping, args, { signal: options.signal });
  if (result.code !== null && result.code > 2) {
    throw new Error(`fping failed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.code}`}`);
  }
  return parseFpingOutput(result.stdout);
}

/** Fallback without fping: `ping -n -c 1 -W 1 <ip>` per address, 64 at a time. */
export async function pingSweep(addresses: readonly string[], options: { signal?: AbortSignal; pingPath?: string } = {}): Promise<LatencyMap> {
  const ping = options.pingPath ?? findBinary('ping');
  if (!ping) throw new MissingBinaryError('ping');
  const alive: LatencyMap = new Map();
  await mapLimit(addresses, 64, async (address) => {
    const family = parseIp(address)?.family;
    if (!family) return;
    const args = [...(family === 6 ? ['-6'] : []), '-n', '-c', '1', '-W', '1', address];
    const result = await runProcess(ping, args, { signal: options.signal });
    const time = /time[=<]([0-9.]+) ?ms/.exec(result.stdout);
    if (result.code === 0) alive.set(address, time ? Number(time[1]) : 0);
  }, options.signal);
  return alive;
}
