import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { NetworkInterfaceInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatFsLike } from '../../../src/system/metrics/filesystems.js';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/proc');

/** A writable copy of a recorded /proc + /sys tree, with a controllable clock. */
export class FixtureHost {
  readonly root = mkdtempSync(join(tmpdir(), 'everyst-metrics-'));
  wallMs = Date.UTC(2024, 2, 1, 12, 0, 0, 0);
  monotonicMs = 1_000_000;

  constructor(scenario: string) {
    cpSync(join(FIXTURES, scenario), this.root, { recursive: true });
  }

  get procRoot(): string {
    return join(this.root, 'proc');
  }
  get sysRoot(): string {
    return join(this.root, 'sys');
  }

  /** Writes the files of `scenario` over the copy, in place (as the kernel changes /proc contents). */
  overlay(scenario: string): void {
    const copy = (from: string, to: string) => {
      for (const name of readdirSync(from)) {
        const source = join(from, name);
        if (statSync(source).isDirectory()) copy(source, join(to, name));
        else writeFileSync(join(to, name), readFileSync(source));
      }
    };
    copy(join(FIXTURES, scenario), this.root);
  }

  advance(ms: number): void {
    this.wallMs += ms;
    this.monotonicMs += ms;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export const statfsResult = (bsize: number, blocks: number, bfree: number, bavail: number, files: number, ffree: number): StatFsLike => ({
  bsize,
  blocks,
  bfree,
  bavail,
  files,
  ffree,
});

const address = (cidr: string, internal = false): NetworkInterfaceInfo => {
  const [ip, prefix] = cidr.split('/');
  const v6 = ip.includes(':');
  return v6
    ? { address: ip, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr, scopeid: 0 }
    : { address: ip, netmask: `/${prefix}`, family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr };
};

/** What os.networkInterfaces() answered on the recorded hosts. */
export const X86_ADDRESSES = {
  lo: [address('127.0.0.1/8', true), address('::1/128', true)],
  eth0: [address('192.168.1.10/24'), address('fe80::5054:ff:feab:cdef/64')],
  wlan0: [address('192.168.50.23/24')],
  docker0: [address('172.17.0.1/16')],
};

export const ARM_ADDRESSES = {
  lo: [address('127.0.0.1/8', true)],
  wlan0: [address('10.0.0.5/24'), address('fe80::dea6:32ff:fe00:1122/64')],
};
