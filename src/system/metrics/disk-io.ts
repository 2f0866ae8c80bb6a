import { join } from 'node:path';
import type { TextReader } from './read-file.js';
import type { DiskIoDevice, DiskIoMetrics } from './snapshot.js';
import { counterDelta, fields, perSecond, round1 } from './units.js';

export interface DiskCounters {
  reads: number;
  sectorsRead: number;
  writes: number;
  sectorsWritten: number;
  ioMs: number;
}

const SECTOR_BYTES = 512;
const SKIPPED_DEVICES = /^(loop|ram|zram|sr|fd)/;

/** Whole block devices worth reporting, as /proc/diskstats names them (`!` in /sys/block is `/`). */
export function reportedDevices(sysBlockEntries: string[]): string[] {
  return sysBlockEntries.filter((name) => !SKIPPED_DEVICES.test(name)).map((name) => name.replaceAll('!', '/'));
}

export function parseDiskstats(text: string, devices: readonly string[]): Map<string, DiskCounters> {
  const wanted = new Set(devices);
  const counters = new Map<string, DiskCounters>();
  for (const line of text.split('\n')) {
    const f = fields(line);
    if (f.length < 14 || !wanted.has(f[2])) continue;
    const n = (i: number) => Number(f[3 + i]) || 0;
    counters.set(f[2], { reads: n(0), sectorsRead: n(2), writes: n(4), sectorsWritten: n(6), ioMs: n(9) });
  }
  return counters;
}

export function diskIoMetrics(
  current: Map<string, DiskCounters>,
  previous: Map<string, DiskCounters> | undefined,
  elapsedMs: number,
): DiskIoMetrics {
  const seconds = elapsedMs / 1000;
  const devices: DiskIoDevice[] = [...current.keys()].sort().map((name) => {
    const now = current.get(name) as DiskCounters;
    const before = previous?.get(name);
    const delta = (key: keyof DiskCounters) => counterDelta(now[key], before?.[key]);
    return {
      name,
      read_bytes_per_sec: perSecond(delta('sectorsRead') * SECTOR_BYTES, seconds),
      write_bytes_per_sec: perSecond(delta('sectorsWritten') * SECTOR_BYTES, seconds),
      reads_per_sec: perSecond(delta('reads'), seconds),
      writes_per_sec: perSecond(delta('writes'), seconds),
      busy_percent: elapsedMs > 0 ? Math.min(100, round1((delta('ioMs') / elapsedMs) * 100)) : 0,
    };
  });
  const sum = (key: 'read_bytes_per_sec' | 'write_bytes_per_sec' | 'reads_per_sec' | 'writes_per_sec') =>
    devices.reduce((total, device) => total + device[key], 0);
  return {
    read_bytes_per_sec: sum('read_bytes_per_sec'),
    write_bytes_per_sec: sum('write_bytes_per_sec'),
    reads_per_sec: sum('reads_per_sec'),
    writes_per_sec: sum('writes_per_sec'),
    devices,
  };
}

/** One counter reading of the reported block devices; `blockDevices`: the names listed in /sys/block. */
export async function readDiskCounters(read: TextReader, procRoot: string, blockDevices: Promise<string[]>): Promise<Map<string, DiskCounters>> {
  const [entries, diskstats] = await Promise.all([blockDevices, read(join(procRoot, 'diskstats'))]);
  return parseDiskstats(diskstats ?? '', reportedDevices(entries));
}
