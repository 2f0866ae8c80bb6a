import { createSocket } from 'node:dgram';
import { readFile } from 'node:fs/promises';
import { delay } from './concurrency.js';
import { findBinary, MissingBinaryError } from './binaries.js';
import { normalizeIp, parseIp } from './ip-address.js';
import { normalizeMac } from './oui.js';
import { runProcess } from './run-process.js';
import type { MacMap } from './arp-scan.js';

const ATF_COM = 0x2;
const LIVE_STATES = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'PERMANENT', 'NOARP']);

/** Complete entries with a non-zero MAC from `/proc/net/arp`. */
export function parseProcArp(text: string): MacMap {
  const found: MacMap = new Map();
  for (const line of text.split('\n').slice(1)) {
    const [ipText, , flags, macText] = line.trim().split(/\s+/);
    if (!ipText || !(parseInt(flags, 16) & ATF_COM)) continue;
    const ip = normalizeIp(ipText);
    const mac = macText ? normalizeMac(macText) : null;
    if (ip && mac && mac !== '00:00:00:00:00:00') found.set(ip, mac);
  }
  return found;
}

/** `ip -j neigh show` entries that are (or recently were) reachable. */
export function parseIpNeighJson(json: string): MacMap {
  const found: MacMap = new Map();
  const entries = JSON.parse(json || '[]') as { dst?: string; lladdr?: string; state?: string[] }[];
  for (const entry of entries) {
    const ip = entry.dst ? normalizeIp(entry.dst) : null;
    const mac = entry.lladdr ? normalizeMac(entry.lladdr) : null;
    if (ip && mac && mac !== '00:00:00:00:00:00' && (entry.state ?? []).some((s) => LIVE_STATES.has(s))) found.set(ip, mac);
  }
  return found;
}

export async function readArpTable(path = '/proc/net/arp'): Promise<MacMap> {
  return parseProcArp(await readFile(path, 'utf8'));
}

export async function readIpv6Neighbours(options: { signal?: AbortSignal; ipPath?: string } = {}): Promise<MacMap> {
  const ip = options.ipPath ?? findBinary('ip');
  if (!ip) throw new MissingBinaryError('ip');
  const result = await runProcess(ip, ['-j', '-6', 'neigh', 'show'], { signal: options.signal });
  if (result.code !== 0) throw new Error(`ip neigh failed: ${result.stderr.trim()}`);
  return parseIpNeighJson(result.stdout);
}

export interface NeighbourSweepOptions {
  signal?: AbortSignal;
  /** Datagrams in flight at once (§5.1: 256). */
  batchSize?: number;
  rounds?: number;
  roundGapMs?: number;
  /** Wait before reading the table, so that the kernel's neighbour resolution can finish. */
  settleMs?: number;
  arpTablePath?: string;
  ipPath?: string;
}

/**
 * Probe sweep without raw sockets (§5.1 step 1 fallback): an empty UDP datagram to port 9 of every address
 * makes the kernel resolve the neighbour; the neighbour table then holds every host that answered.
 */
export async function neighbourSweep(addresses: readonly string[], options: NeighbourSweepOptions = {}): Promise<MacMap> {
  const { batchSize = 256, rounds = 2, roundGapMs = 500, settleMs = 1000, signal } = options;
  const family = addresses.length ? parseIp(addresses[0])?.family ?? 4 : 4;
  const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
  socket.on('error', () => {
    // ICMP errors for closed ports are expected
  });
  const empty = Buffer.alloc(0);
  try {
    for (let round = 0; round < rounds; round++) {
      if (round > 0) await delay(roundGapMs, signal);
      for (let i = 0; i < addresses.length; i += batchSize) {
        await Promise.all(addresses.slice(i, i + batchSize).map((address) =>
          new Promise<void>((resolve) => socket.send(empty, 9, address, () => resolve()))));
      }
    }
    await delay(settleMs, signal);
  } finally {
    socket.close();
  }
  const table = family === 6
    ? await readIpv6Neighbours({ signal, ipPath: options.ipPath })
    : await readArpTable(options.arpTablePath);
  const wanted = new Set(addresses);
  return new Map([...table].filter(([ip]) => wanted.has(ip)));
}
