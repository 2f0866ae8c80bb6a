import type { RuleMetric } from './alert-rules.repository.js';

export interface AlertText { title: string; message: string }

const v1 = (v: number) => v.toFixed(1);

const RATE_UNITS = ['B/s', 'KB/s', 'MB/s', 'GB/s', 'TB/s'];

/** Bytes per second in binary units with 1 decimal: `"12.3 MB/s"` (1 MB = 1024² bytes). */
export function formatRate(bytesPerSec: number): string {
  let value = bytesPerSec;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < RATE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${RATE_UNITS[unit]}`;
}

interface Texts { open: [title: string, message: string]; resolve: [title: string, message: string] }

/** metrics.md §5.3. `target` is the alert's instance: mount point, interface (null = all) or sensor/label. */
function texts(metric: RuleMetric, target: string | null, value: number): Texts {
  const pct = `${v1(value)}%`;
  switch (metric) {
    case 'memory_usage':
      return { open: ['High Memory Usage', `System RAM usage has reached ${pct}`], resolve: ['Memory Usage Normal', `System RAM usage has returned to a normal level (${pct}).`] };
    case 'cpu_usage':
      return { open: ['High CPU Usage', `CPU usage has reached ${pct}`], resolve: ['CPU Usage Normal', `CPU usage has returned to a normal level (${pct}).`] };
    case 'swap_usage':
      return { open: ['High Swap Usage', `Swap usage has reached ${pct}`], resolve: ['Swap Usage Normal', `Swap usage has returned to a normal level (${pct}).`] };
    case 'filesystem_usage':
      return {
        open: [`Low Disk Space (${target})`, `Filesystem ${target} is ${pct} full`],
        resolve: [`Disk Space Normal (${target})`, `Filesystem ${target} usage has returned to a normal level (${pct}).`],
      };
    case 'load_per_core':
      return {
        open: ['High System Load', `Load average per core has reached ${v1(value)}`],
        resolve: ['System Load Normal', `Load average per core has returned to a normal level (${v1(value)}).`],
      };
    case 'network_rx':
    case 'network_tx': {
      const which = target ?? 'all interfaces';
      const [high, normal, word] = metric === 'network_rx' ? ['High Incoming Traffic', 'Incoming Traffic Normal', 'Incoming'] : ['High Outgoing Traffic', 'Outgoing Traffic Normal', 'Outgoing'];
      return {
        open: [`${high} (${which})`, `${word} traffic has reached ${formatRate(value)}`],
        resolve: [`${normal} (${which})`, `${word} traffic has returned to a normal level (${formatRate(value)}).`],
      };
    }
    case 'temperature':
      return {
        open: [`High Temperature (${target})`, `Temperature has reached ${v1(value)} °C`],
        resolve: [`Temperature Normal (${target})`, `Temperature has returned to a normal level (${v1(value)} °C).`],
      };
  }
}

const clip = (title: string) => (title.length > 200 ? `${title.slice(0, 199)}…` : title);

export function openText(metric: RuleMetric, target: string | null, value: number): AlertText {
  const [title, message] = texts(metric, target, value).open;
  return { title: clip(title), message };
}

export function resolveText(metric: RuleMetric, target: string | null, value: number): AlertText {
  const [title, message] = texts(metric, target, value).resolve;
  return { title: clip(title), message };
}
