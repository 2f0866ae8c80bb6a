import { wireTime } from '../../db/values.js';
import type { AlertRule } from './alert-rules.repository.js';
import type { AlertRow } from './alerts.repository.js';

const num = (v: number | null) => (v === null ? null : Number(v));

/** Alert of rest.md §1.8, keys in the table's order. */
export function presentAlert(a: AlertRow) {
  return {
    id: a.id,
    created_at: wireTime(a.created_at),
    updated_at: wireTime(a.updated_at),
    timestamp: wireTime(a.timestamp),
    title: a.title,
    message: a.message,
    severity: a.severity,
    status: a.status,
    source: a.source,
    rule: a.rule_id,
    metric: a.metric,
    target: a.target,
    host: a.host,
    value: num(a.value),
    threshold: num(a.threshold),
    peak_value: num(a.peak_value),
    acknowledged_by: a.acknowledged_by === null ? null : Number(a.acknowledged_by),
    acknowledged_at: wireTime(a.acknowledged_at),
    resolved_at: wireTime(a.resolved_at),
  };
}
export type AlertView = ReturnType<typeof presentAlert>;

/** AlertRule of metrics.md §5.1. */
export function presentRule(r: AlertRule) {
  return {
    id: r.id,
    name: r.name,
    metric: r.metric,
    target: r.target,
    warning_threshold: num(r.warning_threshold),
    critical_threshold: num(r.critical_threshold),
    duration_seconds: r.duration_seconds,
    hysteresis: Number(r.hysteresis),
    cooldown_seconds: r.cooldown_seconds,
    enabled: r.enabled,
    notify: r.notify,
    is_builtin: r.is_builtin,
    created_at: wireTime(r.created_at),
    updated_at: wireTime(r.updated_at),
    channels: r.channels,
    hosts: r.hosts,
  };
}
export type AlertRuleView = ReturnType<typeof presentRule>;
