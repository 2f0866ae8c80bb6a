import { open } from 'node:fs/promises';
import { machine } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listDir, readOptional, readValue } from './read-file.js';
import { keyValues } from './units.js';

/** Host facts that do not change while the server runs. */
export interface StaticHostInfo {
  kernelName: string;
  kernelRelease: string;
  architecture: string;
  prettyName: string | null;
  pageSize: number;
  version: string;
}

export function parseOsReleasePrettyName(text: string): string | null {
  const value = keyValues(text, '=').get('PRETTY_NAME');
  if (value === undefined) return null;
  return value.replace(/^(["'])(.*)\1$/, '$2').replace(/\\(["'$`\\])/g, '$1') || null;
}

/** Page size from the first `KernelPageSize` of our own smaps (pswpin/pswpout count pages); 4096 if unknown. */
export function parsePageSize(smapsHead: string | null): number {
  const match = smapsHead && /^KernelPageSize:\s+(\d+)\s+kB/m.exec(smapsHead);
  return match ? Number(match[1]) * 1024 : 4096;
}

/** The `version` of the nearest package.json above this module (works from src/ and dist/). */
async function packageVersion(): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const text = await readOptional(join(dir, 'package.json'));
    if (text !== null) {
      try {
        const version = (JSON.parse(text) as { version?: unknown }).version;
        if (typeof version === 'string') return version;
      } catch {
        // keep looking upwards
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

export async function readStaticHostInfo(procRoot: string, osReleasePaths: string[], version?: string): Promise<StaticHostInfo> {
  const [kernelName, kernelRelease, arch, smaps, resolvedVersion] = await Promise.all([
    readValue(join(procRoot, 'sys/kernel/ostype')),
    readValue(join(procRoot, 'sys/kernel/osrelease')),
    readValue(join(procRoot, 'sys/kernel/arch')), // absent before Linux 6.1
    readSmapsHead(join(procRoot, 'self/smaps')),
    version ?? packageVersion(),
  ]);
  let prettyName: string | null = null;
  for (const path of osReleasePaths) {
    const text = await readOptional(path);
    if (text !== null) {
      prettyName = parseOsReleasePrettyName(text);
      break;
    }
  }
  return {
    kernelName: kernelName || 'Linux',
    kernelRelease: kernelRelease || 'unknown',
    architecture: arch || machine(),
    prettyName,
    pageSize: parsePageSize(smaps),
    version: resolvedVersion,
  };
}

/** Only the first lines of smaps are needed; the whole file can be large. */
async function readSmapsHead(path: string): Promise<string | null> {
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(4096);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      return buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** Seconds since boot from /proc/uptime. */
export function parseUptime(text: string | null): number {
  return Number(text?.trim().split(/\s+/)[0]) || 0;
}

/** Number of process directories in /proc. */
export async function countProcesses(procRoot: string): Promise<number> {
  return (await listDir(procRoot)).filter((name) => /^\d+$/.test(name)).length;
}
