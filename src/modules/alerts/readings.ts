import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import type { AlertRule } from './alert-rules.repository.js';

/** The values alert rules read (metrics.md §5.1), from a host reading or built by tests. */
export interface MetricReadings {
  cpu_usage: number;
  memory_usage: number;
  swap_usage: number;
  load_per_core: number;
  filesystems: Array<{ mount_point: string; usage_percent: number }>;
  /** Sums over every interface except loopback (the `null` target). */
  network_rx: number;
  network_tx: number;
  interfaces: Array<{ name: string; rx: number; tx: number }>;
  temperatures: Array<{ sensor: string; label: string; celsius: number }>;
}

export function readingsFromSnapshot(s: MetricsSnapshot): MetricReadings {
  const { cpu, swap, filesystems, network, temperatures } = s.extended;
  return {
    cpu_usage: s.cpu_usage,
    memory_usage: s.memory_usage,
    swap_usage: swap.usage_percent,
    load_per_core: cpu.load_average['1m'] / Math.max(1, cpu.logical_cores),
    filesystems: filesystems.map((f) => ({ mount_point: f.mount_point, usage_percent: f.usage_percent })),
    network_rx: s.network_rx,
    network_tx: s.network_tx,
    interfaces: network.interfaces.map((i) => ({ name: i.name, rx: i.rx_bytes_per_sec, tx: i.tx_bytes_per_sec })),
    temperatures: temperatures.map((t) => ({ sensor: t.sensor, label: t.label, celsius: t.current_celsius })),
  };
}

/** One thing a rule watches: `key` names it in `instance_key`, `target` is what the Alert shows. */
export interface RuleInstance { key: string; target: string | null; value: number }

/** The instances a rule covers in a reading (metrics.md §5.2); a missing target gives none. */
export function instancesOf(rule: Pick<AlertRule, 'metric' | 'target'>, r: MetricReadings): RuleInstance[] {
  switch (rule.metric) {
    case 'cpu_usage':
    case 'memory_usage':
    case 'swap_usage':
    case 'load_per_core':
      return [{ key: '', target: null, value: r[rule.metric] }];
    case 'filesystem_usage':
      return r.filesystems
        .filter((f) => rule.target === null || f.mount_point === rule.target)
        .map((f) => ({ key: f.mount_point, target: f.mount_point, value: f.usage_percent }));
    case 'network_rx':
    case 'network_tx': {
      if (rule.target === null) return [{ key: '*', target: null, value: r[rule.metric] }];
      const iface = r.interfaces.find((i) => i.name === rule.target);
      if (!iface) return [];
      return [{ key: iface.name, target: iface.name, value: rule.metric === 'network_rx' ? iface.rx : iface.tx }];
    }
    case 'temperature': {
      const named = r.temperatures.map((t) => ({ target: `${t.sensor}/${t.label}`, value: t.celsius }));
      if (rule.target !== null) {
        const t = named.find((n) => n.target === rule.target);
        return t ? [{ key: t.target, ...t }] : [];
      }
      if (named.length === 0) return [];
      const hottest = named.reduce((a, b) => (b.value > a.value ? b : a));
      return [{ key: '*', ...hottest }];
    }
  }
}
