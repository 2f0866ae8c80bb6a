import { readFileSync } from 'node:fs';

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
  };
}

export function readCapabilities(statusPath = '/proc/self/status'): Capabilities {
  return parseCapabilities(readFileSync(statusPath, 'utf8'));
}
