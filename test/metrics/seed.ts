import type { HistoryRepository, NewSample, Resolution } from '../../src/modules/metrics/history.repository.js';

const STEP: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** A stored sample with plain values; `fields` overrides them. */
export function sample(host: string, resolution: Resolution, at: number, fields: Partial<NewSample> = {}): NewSample {
  return {
    host, resolution, timestamp: new Date(at).toISOString(),
    cpu_usage: 10, memory_usage: 20, disk_usage: 30, swap_usage: 0, network_rx: 100, network_tx: 50, load_1: 0.5,
    process_count: 100, cpu_temperature: null, memory_used_bytes: 1e9, disk_read_bytes_per_sec: 0, disk_write_bytes_per_sec: 0,
    cpu_usage_max: null, memory_usage_max: null, network_rx_max: null, network_tx_max: null, load_1_max: null, cpu_temperature_max: null,
    sample_count: 1, created_at: new Date(at).toISOString(),
    ...fields,
  };
}

/** `count` consecutive samples of one tier from `start`; `fields(i)` sets values of the i-th. */
export async function seedMinutes(
  repo: HistoryRepository, host: string, start: number, count: number,
  fields: (i: number) => Partial<NewSample> = () => ({}), resolution: Resolution = 'minute',
): Promise<void> {
  for (let i = 0; i < count; i++) await repo.insert(sample(host, resolution, start + i * STEP[resolution], fields(i)));
}
