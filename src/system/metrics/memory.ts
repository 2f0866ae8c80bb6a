import type { MemoryMetrics, SwapMetrics } from './snapshot.js';
import { counterDelta, percent, perSecond } from './units.js';

/** /proc/meminfo values in bytes (the file states kB, which are KiB). */
export function parseMeminfo(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([\w()]+):\s+(\d+)(\s+kB)?/.exec(line);
    if (match) values.set(match[1], Number(match[2]) * (match[3] ? 1024 : 1));
  }
  return values;
}

export function memoryMetrics(meminfo: Map<string, number>): MemoryMetrics {
  const get = (key: string) => meminfo.get(key) ?? 0;
  const total = get('MemTotal');
  const free = get('MemFree');
  const buffers = get('Buffers');
  const cached = get('Cached') + get('SReclaimable');
  // Kernels before 3.14 have no MemAvailable; free + buffers + cache is the usual estimate there.
  const available = meminfo.get('MemAvailable') ?? Math.min(total, free + buffers + cached);
  const used = Math.max(0, total - available);
  return {
    total_bytes: total,
    used_bytes: used,
    available_bytes: available,
    free_bytes: free,
    buffers_bytes: buffers,
    cached_bytes: cached,
    shared_bytes: get('Shmem'),
    usage_percent: percent(used, total),
  };
}

/** pswpin / pswpout page counters of /proc/vmstat. */
export interface SwapCounters {
  pagesIn: number;
  pagesOut: number;
}

const PSWPIN = /^pswpin (\d+)$/m;
const PSWPOUT = /^pswpout (\d+)$/m;

export function parseVmstat(text: string): SwapCounters {
  // About 150 lines, of which two are read.
  return { pagesIn: Number(PSWPIN.exec(text)?.[1] ?? 0), pagesOut: Number(PSWPOUT.exec(text)?.[1] ?? 0) };
}

export function swapMetrics(
  meminfo: Map<string, number>,
  current: SwapCounters,
  previous: SwapCounters | undefined,
  seconds: number,
  pageSize: number,
): SwapMetrics {
  const total = meminfo.get('SwapTotal') ?? 0;
  const free = Math.min(total, meminfo.get('SwapFree') ?? 0);
  const used = total - free;
  return {
    total_bytes: total,
    used_bytes: used,
    free_bytes: free,
    usage_percent: percent(used, total),
    swap_in_bytes_per_sec: perSecond(counterDelta(current.pagesIn, previous?.pagesIn) * pageSize, seconds),
    swap_out_bytes_per_sec: perSecond(counterDelta(current.pagesOut, previous?.pagesOut) * pageSize, seconds),
  };
}
