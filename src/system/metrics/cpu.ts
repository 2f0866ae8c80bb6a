import type { CpuMetrics } from './snapshot.js';
import { counterDelta, fields, perSecond, round1, round2 } from './units.js';

/** Jiffies of one `cpu` line of /proc/stat (guest time is already inside user/nice, so it is left out). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface StatCounters {
  total: CpuTimes;
  /** Index = logical CPU number (offline CPUs leave holes). */
  perCpu: (CpuTimes | undefined)[];
  onlineCpus: number;
  contextSwitches: number;
  interrupts: number;
  bootTimeSeconds: number;
  procsRunning: number;
  procsBlocked: number;
}

const ZERO_TIMES: CpuTimes = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0 };

function toTimes(values: string[]): CpuTimes {
  const n = (i: number) => Number(values[i] ?? 0) || 0;
  return { user: n(0), nice: n(1), system: n(2), idle: n(3), iowait: n(4), irq: n(5), softirq: n(6), steal: n(7) };
}

export function parseStat(text: string): StatCounters {
  const counters: StatCounters = {
    total: ZERO_TIMES,
    perCpu: [],
    onlineCpus: 0,
    contextSwitches: 0,
    interrupts: 0,
    bootTimeSeconds: 0,
    procsRunning: 0,
    procsBlocked: 0,
  };
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const key = line.slice(0, space);
    if (key.startsWith('cpu')) {
      const values = fields(line.slice(space));
      if (key === 'cpu') counters.total = toTimes(values);
      else if (Number.isInteger(Number(key.slice(3)))) {
        counters.perCpu[Number(key.slice(3))] = toTimes(values);
        counters.onlineCpus += 1;
      }
      continue;
    }
    // `intr` and `softirq` carry one counter per source (thousands on big hosts): only the total is read.
    const rest = line.slice(space + 1);
    const end = rest.indexOf(' ');
    const first = Number(end < 0 ? rest : rest.slice(0, end)) || 0;
    if (key === 'ctxt') counters.contextSwitches = first;
    else if (key === 'intr') counters.interrupts = first;
    else if (key === 'btime') counters.bootTimeSeconds = first;
    else if (key === 'procs_running') counters.procsRunning = first;
    else if (key === 'procs_blocked') counters.procsBlocked = first;
  }
  return counters;
}

const KEYS = Object.keys(ZERO_TIMES) as (keyof CpuTimes)[];

function deltas(current: CpuTimes, previous: CpuTimes | undefined): CpuTimes & { all: number } {
  const d = { ...ZERO_TIMES, all: 0 };
  for (const key of KEYS) {
    d[key] = counterDelta(current[key], previous?.[key]);
    d.all += d[key];
  }
  return d;
}

/** Non-idle share (idle = idle + iowait) of the time between two readings, 1 decimal. */
export function cpuUsagePercent(current: CpuTimes, previous: CpuTimes | undefined): number {
  const d = deltas(current, previous);
  return d.all > 0 ? round1(((d.all - d.idle - d.iowait) / d.all) * 100) : 0;
}

export function usageBreakdown(current: CpuTimes, previous: CpuTimes | undefined): CpuMetrics['usage_breakdown_percent'] {
  const d = deltas(current, previous);
  const share = (value: number) => (d.all > 0 ? round1((value / d.all) * 100) : 0);
  return {
    user: share(d.user + d.nice),
    system: share(d.system),
    iowait: share(d.iowait),
    irq: share(d.irq + d.softirq),
    steal: share(d.steal),
    idle: d.all > 0 ? share(d.idle) : 100,
  };
}

export function perCoreUsage(current: StatCounters, previous: StatCounters | undefined): number[] {
  const usage: number[] = [];
  for (let i = 0; i < current.perCpu.length; i++) {
    const times = current.perCpu[i];
    usage.push(times ? cpuUsagePercent(times, previous?.perCpu[i]) : 0);
  }
  return usage;
}

/** `/proc/loadavg`: `0.52 0.58 0.59 2/1234 5678` → averages and the scheduling-entity count. */
export function parseLoadAvg(text: string): { loadAverage: CpuMetrics['load_average']; threads: number } {
  const [one, five, fifteen, entities] = fields(text);
  return {
    loadAverage: { '1m': round2(Number(one) || 0), '5m': round2(Number(five) || 0), '15m': round2(Number(fifteen) || 0) },
    threads: Number(entities?.split('/')[1]) || 0,
  };
}

export interface CpuRates {
  contextSwitchesPerSec: number;
  interruptsPerSec: number;
}

export function statRates(current: StatCounters, previous: StatCounters | undefined, seconds: number): CpuRates {
  return {
    contextSwitchesPerSec: perSecond(counterDelta(current.contextSwitches, previous?.contextSwitches), seconds),
    interruptsPerSec: perSecond(counterDelta(current.interrupts, previous?.interrupts), seconds),
  };
}
