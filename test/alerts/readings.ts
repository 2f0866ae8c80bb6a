import type { MetricReadings } from '../../src/modules/alerts/readings.js';

/** A quiet host: no built-in rule fires on it. */
export function calm(): MetricReadings {
  return {
    cpu_usage: 10, memory_usage: 20, swap_usage: 0, load_per_core: 0.1,
    filesystems: [{ mount_point: '/', usage_percent: 30 }],
    network_rx: 1000, network_tx: 1000,
    interfaces: [{ name: 'lo', rx: 500, tx: 500 }, { name: 'eth0', rx: 1000, tx: 1000 }],
    temperatures: [{ sensor: 'coretemp', label: 'Core 0', celsius: 45 }],
  };
}

export const readings = (over: Partial<MetricReadings>): MetricReadings => ({ ...calm(), ...over });

export const MiB = 1024 * 1024;
