import { api } from './api.ts';
import type { Page } from './types.ts';

/** Threshold alert rules (metrics.md §5.1): GET alert-rules/ for everyone, changes with can_manage_system. */

export const METRICS = ['cpu_usage', 'memory_usage', 'swap_usage', 'filesystem_usage', 'load_per_core', 'network_rx', 'network_tx', 'temperature'] as const;
export type Metric = (typeof METRICS)[number];

export const METRIC_TEXT: Record<Metric, { label: string; unit: string; target?: string }> = {
  cpu_usage: { label: 'CPU usage', unit: '%' },
  memory_usage: { label: 'Memory usage', unit: '%' },
  swap_usage: { label: 'Swap usage', unit: '%' },
  filesystem_usage: { label: 'Filesystem usage', unit: '%', target: 'Mount point, e.g. / (empty: every filesystem)' },
  load_per_core: { label: 'Load per core', unit: '' },
  network_rx: { label: 'Incoming traffic', unit: 'bytes/s', target: 'Interface, e.g. eth0 (empty: all)' },
  network_tx: { label: 'Outgoing traffic', unit: 'bytes/s', target: 'Interface, e.g. eth0 (empty: all)' },
  temperature: { label: 'Temperature', unit: '°C', target: 'Sensor as <sensor>/<label> (empty: every sensor)' },
};

export interface AlertRule {
  id: string;
  name: string;
  metric: Metric;
  target: string | null;
  warning_threshold: number | null;
  critical_threshold: number | null;
  duration_seconds: number;
  hysteresis: number;
  cooldown_seconds: number;
  enabled: boolean;
  notify: boolean;
  is_builtin: boolean;
  created_at: string;
  updated_at: string;
  channels: string[];
  /** Host ids it covers (docs/agents.md); empty: every host. */
  hosts?: string[];
}

export const loadRules = (signal?: AbortSignal) => api<Page<AlertRule>>('alert-rules/?page_size=200', { signal }).then((p) => p.results);

/** The rule form's values, as typed. */
export interface RuleForm {
  name: string; metric: Metric; target: string; warning_threshold: string; critical_threshold: string;
  duration_seconds: string; hysteresis: string; cooldown_seconds: string; enabled: boolean; notify: boolean;
}

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function ruleForm(r?: AlertRule): RuleForm {
  return {
    name: r?.name ?? '', metric: r?.metric ?? 'cpu_usage', target: r?.target ?? '',
    warning_threshold: text(r?.warning_threshold), critical_threshold: text(r?.critical_threshold),
    duration_seconds: text(r?.duration_seconds ?? 0), hysteresis: text(r?.hysteresis ?? 5), cooldown_seconds: text(r?.cooldown_seconds ?? 300),
    enabled: r?.enabled ?? true, notify: r?.notify ?? true,
  };
}

const isNumber = (v: string) => v.trim() !== '' && Number.isFinite(Number(v));
const isSeconds = (v: string) => /^\d+$/.test(v.trim()) && Number(v) <= 86_400;

export function validateRule(f: RuleForm): Partial<Record<keyof RuleForm | 'non_field_errors', string>> {
  const e: Partial<Record<keyof RuleForm | 'non_field_errors', string>> = {};
  if (!f.name.trim()) e.name = 'Enter a name.';
  if (f.warning_threshold.trim() && !isNumber(f.warning_threshold)) e.warning_threshold = 'A number.';
  if (f.critical_threshold.trim() && !isNumber(f.critical_threshold)) e.critical_threshold = 'A number.';
  if (!f.warning_threshold.trim() && !f.critical_threshold.trim()) e.non_field_errors = 'Enter a warning or a critical threshold (or both).';
  else if (!e.warning_threshold && !e.critical_threshold && f.warning_threshold.trim() && f.critical_threshold.trim()
    && Number(f.critical_threshold) < Number(f.warning_threshold)) e.critical_threshold = 'At least the warning threshold.';
  if (!isSeconds(f.duration_seconds)) e.duration_seconds = 'Seconds, from 0 to 86400.';
  if (!isSeconds(f.cooldown_seconds)) e.cooldown_seconds = 'Seconds, from 0 to 86400.';
  if (!isNumber(f.hysteresis) || Number(f.hysteresis) < 0) e.hysteresis = 'A number, 0 or more.';
  return e;
}

export function ruleBody(f: RuleForm): Record<string, unknown> {
  const num = (v: string) => (v.trim() ? Number(v) : null);
  return {
    name: f.name.trim(), metric: f.metric, target: METRIC_TEXT[f.metric].target ? f.target.trim() || null : null,
    warning_threshold: num(f.warning_threshold), critical_threshold: num(f.critical_threshold),
    duration_seconds: Number(f.duration_seconds), hysteresis: Number(f.hysteresis), cooldown_seconds: Number(f.cooldown_seconds),
    enabled: f.enabled, notify: f.notify,
  };
}
