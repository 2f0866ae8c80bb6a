import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import type { SampleRow } from './history.repository.js';

/** Stored fields of a history sample (metrics.md §4.1), in the order the spec lists them. */
export const STORED_FIELDS = [
  'cpu_usage', 'memory_usage', 'disk_usage', 'network_rx', 'network_tx', 'load_1', 'swap_usage', 'process_count',
  'cpu_temperature', 'memory_used_bytes', 'disk_read_bytes_per_sec', 'disk_write_bytes_per_sec',
] as const;
export type StoredField = (typeof STORED_FIELDS)[number];

/** Fields whose hour and day samples also keep `<field>_max`. */
export const MAX_FIELDS = ['cpu_usage', 'memory_usage', 'network_rx', 'network_tx', 'load_1', 'cpu_temperature'] as const;
export type MaxField = (typeof MAX_FIELDS)[number];
export type MaxColumn = `${MaxField}_max`;
export const MAX_COLUMNS = MAX_FIELDS.map((f) => `${f}_max` as MaxColumn);

export type SampleValues = Record<StoredField, number | null>;
export type MaxValues = Record<MaxColumn, number | null>;

/** The stored fields of one host reading. */
export function valuesOf(s: MetricsSnapshot): SampleValues {
  const temps = s.extended.temperatures.map((t) => t.current_celsius);
  return {
    cpu_usage: s.cpu_usage,
    memory_usage: s.memory_usage,
    disk_usage: s.disk_usage,
    network_rx: s.network_rx,
    network_tx: s.network_tx,
    load_1: s.extended.cpu.load_average['1m'],
    swap_usage: s.extended.swap.usage_percent,
    process_count: s.extended.processes.total,
    cpu_temperature: temps.length > 0 ? Math.max(...temps) : null,
    memory_used_bytes: s.extended.memory.used_bytes,
    disk_read_bytes_per_sec: s.extended.disk_io.read_bytes_per_sec,
    disk_write_bytes_per_sec: s.extended.disk_io.write_bytes_per_sec,
  };
}

/** Weighted mean of each field over `items`, ignoring nulls; null when no item has a value. */
export function weightedMeans(items: Array<{ values: Partial<Record<StoredField, number | null>>; weight: number }>): SampleValues {
  const out = {} as SampleValues;
  for (const field of STORED_FIELDS) {
    let sum = 0;
    let weight = 0;
    for (const item of items) {
      const v = item.values[field];
      if (v === null || v === undefined || !Number.isFinite(v)) continue;
      sum += v * item.weight;
      weight += item.weight;
    }
    out[field] = weight > 0 ? sum / weight : null;
  }
  return out;
}

/** One hour (or day) sample from the minute (or hour) samples inside it. */
export function aggregateRows(rows: SampleRow[]): { values: SampleValues; max: MaxValues; sampleCount: number } {
  const values = weightedMeans(rows.map((r) => ({ values: r, weight: Math.max(1, r.sample_count) })));
  const max = {} as MaxValues;
  for (const field of MAX_FIELDS) {
    let best: number | null = null;
    for (const row of rows) {
      const v = row[`${field}_max`] ?? row[field];
      if (v !== null && (best === null || v > best)) best = v;
    }
    max[`${field}_max`] = best;
  }
  return { values, max, sampleCount: rows.reduce((n, r) => n + r.sample_count, 0) };
}

/**
 * Time-weighted means of the readings since the last minute sample. Each reading's rates cover the time since
 * the reading before it, so weighting by that gap gives the averages since the previous minute reading
 * (metrics.md §4.1), whether the live sampler ran every second or not at all.
 */
export class MinuteAccumulator {
  private items: Array<{ values: SampleValues; weight: number }> = [];
  private lastAt: number | null = null;

  add(snapshot: MetricsSnapshot): void {
    const at = Date.parse(snapshot.timestamp);
    const seconds = this.lastAt === null ? 1 : (at - this.lastAt) / 1000;
    this.lastAt = at;
    this.items.push({ values: valuesOf(snapshot), weight: Math.min(3600, Math.max(0.001, seconds)) });
  }

  /** The means since the previous take, then starts a new window. Null when nothing was read. */
  take(): SampleValues | null {
    if (this.items.length === 0) return null;
    const means = weightedMeans(this.items);
    this.items = [];
    return means;
  }
}
