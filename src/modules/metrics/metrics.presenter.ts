import { wireTime } from '../../db/values.js';
import type { SampleRow } from './history.repository.js';

const r1 = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const r2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
const int = (v: number) => Math.round(v);

/** MetricsSample of rest.md §1.9: the first nine keys are the original API's; created_at = updated_at = timestamp. */
export function presentSample(row: SampleRow) {
  const timestamp = wireTime(row.timestamp);
  return {
    id: Number(row.id),
    created_at: timestamp,
    updated_at: timestamp,
    timestamp,
    cpu_usage: r1(row.cpu_usage),
    memory_usage: r1(row.memory_usage),
    disk_usage: r1(row.disk_usage),
    network_rx: int(row.network_rx),
    network_tx: int(row.network_tx),
    resolution: row.resolution,
    load_1: r2(row.load_1),
    swap_usage: r1(row.swap_usage),
    process_count: r1(row.process_count),
    cpu_temperature: r1(row.cpu_temperature),
    host: row.host,
  };
}
