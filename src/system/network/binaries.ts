import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';

/** The Debian package that ships each program the scanner runs. */
export const DEBIAN_PACKAGES = {
  nmap: 'nmap',
  fping: 'fping',
  'arp-scan': 'arp-scan',
  ip: 'iproute2',
  ping: 'iputils-ping',
  traceroute: 'traceroute',
} as const;

export type ScannerBinary = keyof typeof DEBIAN_PACKAGES;

export class MissingBinaryError extends Error {
  readonly debianPackage: string;
  constructor(readonly binary: string) {
    const debianPackage = (DEBIAN_PACKAGES as Record<string, string>)[binary] ?? binary;
    super(`${binary} is not installed (Debian package: ${debianPackage})`);
    this.name = 'MissingBinaryError';
    this.debianPackage = debianPackage;
  }
}

/** Searched instead of $PATH: the server reads no environment outside its config, and sbin must be included. */
export const DEFAULT_SEARCH_PATH: readonly string[] = [
  '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin',
];

/** Absolute path of an installed program, or null. No child process is started. */
export function findBinary(name: string, searchPath: readonly string[] = DEFAULT_SEARCH_PATH): string | null {
  for (const dir of searchPath) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function requireBinary(name: ScannerBinary, searchPath?: readonly string[]): string {
  const path = findBinary(name, searchPath);
  if (!path) throw new MissingBinaryError(name);
  return path;
}

/** Which scanner programs are installed, by name (null = missing). */
export function detectBinaries(searchPath?: readonly string[]): Record<ScannerBinary, string | null> {
  const names = Object.keys(DEBIAN_PACKAGES) as ScannerBinary[];
  return Object.fromEntries(names.map((name) => [name, findBinary(name, searchPath)])) as Record<ScannerBinary, string | null>;
}
