import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { findBinary } from './binaries.js';

const CAP_NET_ADMIN = 12n;
const CAP_NET_RAW = 13n;

export interface Capabilities {
  root: boolean;
  netRaw: boolean;
  netAdmin: boolean;
  /**
   * Raw sockets usable by the programs we start (nmap -O/-sS, arp-scan): root, or both capabilities in the
   * ambient set — effective capabilities alone are not inherited across exec.
   */
  privileged: boolean;
  /** `NoNewPrivs: 1` (systemd NoNewPrivileges=): exec ignores the file capabilities of programs. */
  noNewPrivileges: boolean;
}

/** The raw-socket capabilities a program gains on exec from its file capabilities (setcap). */
export interface FileCapabilities {
  netRaw: boolean;
  netAdmin: boolean;
  /** Every capability granted (permitted + effective), e.g. `cap_net_raw`. */
  names: string[];
}

function capSet(status: string, name: string): bigint {
  const match = new RegExp(`^${name}:\\s*([0-9a-fA-F]+)$`, 'm').exec(status);
  return match ? BigInt(`0x${match[1]}`) : 0n;
}

const has = (set: bigint, bit: bigint) => ((set >> bit) & 1n) === 1n;

/** Parses `/proc/<pid>/status`; no packet is sent. */
export function parseCapabilities(status: string): Capabilities {
  const uid = /^Uid:\s*\d+\s+(\d+)/m.exec(status);
  const root = uid?.[1] === '0';
  const effective = capSet(status, 'CapEff');
  const ambient = capSet(status, 'CapAmb');
  return {
    root,
    netRaw: has(effective, CAP_NET_RAW),
    netAdmin: has(effective, CAP_NET_ADMIN),
    privileged: (root && has(effective, CAP_NET_RAW)) || (has(ambient, CAP_NET_RAW) && has(ambient, CAP_NET_ADMIN)),
    noNewPrivileges: /^NoNewPrivs:\s*1$/m.test(status),
  };
}

export function readCapabilities(statusPath = '/proc/self/status'): Capabilities {
  return parseCapabilities(readFileSync(statusPath, 'utf8'));
}

/**
 * Parses `getcap` output (`/usr/bin/nmap cap_net_admin,cap_net_raw=eip`, or the older `= cap_net_raw+ep`). A
 * capability counts only when it is both permitted and effective: the scanner's programs do not raise their own.
 */
export function parseGetcap(output: string): Map<string, FileCapabilities> {
  const result = new Map<string, FileCapabilities>();
  for (const line of output.split('\n')) {
    const match = /^(\S+)\s+(?:=\s+)?(.+)$/.exec(line.trim());
    if (!match) continue;
    const granted = new Set<string>();
    for (const clause of match[2].split(/\s+/)) {
      const [, names, flags] = /^([a-z_,]+)[=+]([a-z]*)$/.exec(clause) ?? [];
      if (names && flags.includes('e') && flags.includes('p')) names.split(',').forEach((n) => granted.add(n));
    }
    result.set(match[1], { netRaw: granted.has('cap_net_raw'), netAdmin: granted.has('cap_net_admin'), names: [...granted].sort() });
  }
  return result;
}

const NO_FILE_CAPABILITIES: FileCapabilities = { netRaw: false, netAdmin: false, names: [] };

/** File capabilities of each program, by path (none when `getcap`, Debian package libcap2-bin, is missing). */
export function readFileCapabilities(paths: readonly string[], getcapPath = findBinary('getcap')): Map<string, FileCapabilities> {
  const result = new Map(paths.map((p) => [p, NO_FILE_CAPABILITIES]));
  if (!getcapPath || paths.length === 0) return result;
  try {
    const output = execFileSync(getcapPath, paths, { encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const [path, caps] of parseGetcap(output)) result.set(path, caps);
  } catch {
    // unreadable: none
  }
  return result;
}

const BITS: Record<string, bigint> = { cap_net_bind_service: 10n, cap_net_admin: CAP_NET_ADMIN, cap_net_raw: CAP_NET_RAW };

/**
 * The file capabilities outside this process's bounding set (`CapBnd`, e.g. a container without
 * `--cap-add NET_ADMIN`). A program with the effective bit that would not get all of them cannot be executed
 * at all (EPERM), rather than running without them. Capabilities other than the network ones are not checked.
 */
export function capabilitiesOutsideBoundingSet(file: FileCapabilities, status: string): string[] {
  const bounding = capSet(status, 'CapBnd');
  return file.names.filter((name) => BITS[name] !== undefined && !has(bounding, BITS[name]));
}
