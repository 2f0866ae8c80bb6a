import { findBinary, MissingBinaryError } from './binaries.js';
import type { IpNetwork } from './ip-network.js';
import { normalizeIp } from './ip-address.js';
import { normalizeMac } from './oui.js';
import { runProcess } from './run-process.js';

/** MAC per IPv4 address. */
export type MacMap = Map<string, string>;

export const INTERFACE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.:@-]{0,14}$/;

/** `<ip>\t<mac>` lines of `arp-scan --plain --quiet`. */
export function parseArpScanOutput(stdout: string): MacMap {
  const found: MacMap = new Map();
  for (const line of stdout.split('\n')) {
    const [ipText, macText] = line.trim().split(/\s+/);
    const ip = ipText ? normalizeIp(ipText) : null;
    const mac = macText ? normalizeMac(macText) : null;
    if (ip && mac && !found.has(ip)) found.set(ip, mac);
  }
  return found;
}

export interface ArpScanOptions {
  interfaceName: string;
  network: IpNetwork;
  signal?: AbortSignal;
  arpScanPath?: string;
}

/** §5.1 step 1 with arp-scan (needs root or CAP_NET_RAW). */
export async function arpScan(options: ArpScanOptions): Promise<MacMap> {
  const arpScanPath = options.arpScanPath ?? findBinary('arp-scan');
  if (!arpScanPath) throw new MissingBinaryError('arp-scan');
  if (!INTERFACE_NAME.test(options.interfaceName)) throw new TypeError('Invalid interface name');
  if (options.network.family !== 4) throw new TypeError('arp-scan handles IPv4 networks only');
  const args = [`--interface=${options.interfaceName}`, '--retry=2', '--plain', '--quiet', options.network.toString()];
  const result = await runProcess(arpScanPath, args, { signal: options.signal });
  if (result.code !== 0) {
    throw new Error(`arp-scan failed: ${result.stderr.trim().split('\n')[0] || `exit code ${result.code}`}`);
  }
  return parseArpScanOutput(result.stdout);
}
