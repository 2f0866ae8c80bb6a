import type { AlertRule } from './alert-rules.repository.js';

export type Level = 'none' | 'warning' | 'critical';
type Thresholds = Pick<AlertRule, 'warning_threshold' | 'critical_threshold'>;

/** metrics.md §5.2: critical at or above its threshold, else warning at or above its threshold. */
export function levelOf(rule: Thresholds, value: number): Level {
  if (rule.critical_threshold !== null && value >= rule.critical_threshold) return 'critical';
  if (rule.warning_threshold !== null && value >= rule.warning_threshold) return 'warning';
  return 'none';
}

/** The value below which an open alert resolves: the lowest configured threshold minus the hysteresis. */
export function resolveBelow(rule: Thresholds & Pick<AlertRule, 'hysteresis'>): number {
  const thresholds = [rule.warning_threshold, rule.critical_threshold].filter((t): t is number => t !== null);
  return Math.min(...thresholds) - rule.hysteresis;
}

export interface OpenAlert { severity: string; peak_value: number | null }

export interface InstanceState {
  /** Unique per rule, instance and host (`instance_key`). */
  key: string;
  value: number;
  /** The unresolved alert of this instance, if any. */
  open: OpenAlert | null;
  /** Epoch ms of the latest resolution of this instance's alerts, if any. */
  lastResolvedAt: number | null;
}

export type Decision =
  | { action: 'open'; severity: 'high' | 'critical'; threshold: number }
  | { action: 'escalate'; threshold: number; peak: number }
  | { action: 'resolve'; peak: number }
  | { action: 'peak'; peak: number }
  | { action: 'none' };

type EvalRule = Pick<AlertRule, 'warning_threshold' | 'critical_threshold' | 'duration_seconds' | 'hysteresis' | 'cooldown_seconds'>;

/**
 * The state machine of metrics.md §5.2 for one rule instance at a time. It remembers only since when each level
 * has held (in memory: after a restart pending durations start again); open alerts and resolution times come
 * from the caller, so the database stays the record. Time is passed in, so tests drive it without waiting.
 */
export class AlertEvaluator {
  private readonly since = new Map<string, { warning: number | null; critical: number | null; seenAt: number }>();

  decide(rule: EvalRule, s: InstanceState, now: number): Decision {
    const level = levelOf(rule, s.value);
    const held = this.since.get(s.key) ?? { warning: null, critical: null, seenAt: now };
    held.warning = level === 'none' ? null : (held.warning ?? now);
    held.critical = level === 'critical' ? (held.critical ?? now) : null;
    held.seenAt = now;
    this.since.set(s.key, held);
    const duration = rule.duration_seconds * 1000;
    const warningHeld = held.warning !== null && now - held.warning >= duration;
    const criticalHeld = held.critical !== null && now - held.critical >= duration;

    if (s.open) {
      const previousPeak = s.open.peak_value ?? -Infinity;
      const peak = Math.max(previousPeak, s.value);
      if (s.value < resolveBelow(rule)) return { action: 'resolve', peak };
      if (s.open.severity !== 'critical' && criticalHeld) return { action: 'escalate', threshold: rule.critical_threshold!, peak };
      return peak > previousPeak ? { action: 'peak', peak } : { action: 'none' };
    }
    if (!warningHeld) return { action: 'none' };
    if (s.lastResolvedAt !== null && now - s.lastResolvedAt < rule.cooldown_seconds * 1000) return { action: 'none' };
    return criticalHeld
      ? { action: 'open', severity: 'critical', threshold: rule.critical_threshold! }
      : { action: 'open', severity: 'high', threshold: (rule.warning_threshold ?? rule.critical_threshold)! };
  }

  /** Forgets instances not evaluated since `before` (rules deleted, filesystems unmounted). */
  forgetUnseen(before: number): void {
    for (const [key, held] of this.since) if (held.seenAt < before) this.since.delete(key);
  }

  /** Forgets the pending durations of one rule's instances (its conditions changed). */
  forgetRule(ruleId: string): void {
    for (const key of this.since.keys()) if (key.startsWith(`${ruleId}|`)) this.since.delete(key);
  }
}
