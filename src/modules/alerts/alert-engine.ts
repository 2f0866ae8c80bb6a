import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AlertRule, AlertRulesRepository } from './alert-rules.repository.js';
import type { AlertEvents } from './alert-events.js';
import { openText, resolveText } from './alert-messages.js';
import type { AlertRow, AlertsRepository } from './alerts.repository.js';
import { AlertEvaluator, type Decision } from './evaluator.js';
import { instancesOf, type MetricReadings, type RuleInstance } from './readings.js';

const SOURCE = 'system_monitoring';

/** Where a rule instance is evaluated: its `instance_key`, its host, and the agent's name for the texts. */
interface Where { key: string; host: string; name?: string }

/** An agent's alert says which host it is about (this server's own keep the texts of metrics.md §5.3). */
function onHost<T extends { title: string; message: string }>(text: T, { name }: { name?: string }): T {
  return name ? { ...text, title: `${text.title} on ${name}`, message: `${text.message} on ${name}` } : text;
}
const iso = (ms: number) => new Date(ms).toISOString();

/** The host a reading is of, when it is not this instance's own: an agent, named in the alert texts. */
export interface OtherHost { host: string; name: string }

/**
 * Runs the threshold rules against a reading of a host (metrics.md §5.2) and stores what changes: this instance's
 * own host, or an agent connected to it (monitoring.md §6). The jobs call it every 10 s with live readings and
 * the wall clock; tests call it with made-up readings and times.
 */
export class AlertEngine {
  readonly evaluator = new AlertEvaluator();

  constructor(
    private readonly rules: AlertRulesRepository,
    private readonly alerts: AlertsRepository,
    private readonly events: AlertEvents,
    readonly host: string,
    private readonly logger?: Logger,
  ) {}

  /** The `instance_key` of a rule instance on a host (models.md §4.3). */
  instanceKey(ruleId: string, instance: string, host = this.host): string {
    return `${ruleId}|${host}|${instance}`;
  }

  async evaluate(readings: MetricReadings, now: number = Date.now(), other?: OtherHost): Promise<void> {
    const host = other?.host ?? this.host;
    const rules = (await this.rules.enabled()).filter((r) => r.hosts.length === 0 || r.hosts.includes(host));
    const open = new Map((await this.alerts.openForHost(host)).map((a) => [a.instance_key!, a]));
    const longestCooldown = Math.max(0, ...rules.map((r) => r.cooldown_seconds));
    const resolved = await this.alerts.lastResolved(host, iso(now - longestCooldown * 1000));
    for (const rule of rules) {
      for (const instance of instancesOf(rule, readings)) {
        const key = this.instanceKey(rule.id, instance.key, host);
        const row = open.get(key) ?? null;
        const decision = this.evaluator.decide(rule, { key, value: instance.value, open: row, lastResolvedAt: resolved.get(key) ?? null }, now);
        await this.apply(rule, instance, { key, host, name: other?.name }, row, decision, now);
      }
    }
    this.evaluator.forgetUnseen(now - 60_000);
  }

  private async apply(rule: AlertRule, instance: RuleInstance, on: Where, row: AlertRow | null, d: Decision, now: number): Promise<void> {
    const at = iso(now);
    switch (d.action) {
      case 'none':
        return;
      case 'open':
        return this.open(rule, instance, on, d.severity, d.threshold, at);
      case 'peak':
        await this.alerts.update(row!.id, { peak_value: d.peak, updated_at: at }, 'resolved');
        return;
      case 'escalate': {
        const updated = await this.alerts.update(row!.id, { severity: 'critical', threshold: d.threshold, peak_value: d.peak, updated_at: at }, 'resolved');
        if (!updated) return;
        this.events.transition('escalated', updated);
        if (rule.notify) await this.events.notify({ ...onHost(openText(rule.metric, updated.target, instance.value), on), type: 'error', source: SOURCE, duration: 10_000 }, { event: 'alert.triggered', channels: rule.channels });
        return;
      }
      case 'resolve': {
        const updated = await this.alerts.update(row!.id, {
          status: 'resolved', resolved_at: at, resolved_value: instance.value, peak_value: d.peak, updated_at: at,
        }, 'resolved');
        if (!updated) return;
        this.events.transition('resolved', updated);
        if (rule.notify) await this.events.notify({ ...onHost(resolveText(rule.metric, updated.target, instance.value), on), type: 'success', source: SOURCE, duration: 5000 }, {
          event: 'alert.resolved', channels: rule.channels, ranksAs: updated.severity === 'critical' ? 'error' : 'warning',
        });
      }
    }
  }

  private async open(rule: AlertRule, instance: RuleInstance, { key, host, name }: Where, severity: 'high' | 'critical', threshold: number, at: string): Promise<void> {
    const text = onHost(openText(rule.metric, instance.target, instance.value), { name });
    let row: AlertRow;
    try {
      row = await this.alerts.insert({
        id: randomUUID(), timestamp: at, title: text.title, message: text.message, severity, status: 'new', source: SOURCE,
        rule_id: rule.id, instance_key: key, host, metric: rule.metric, target: instance.target,
        value: instance.value, threshold, peak_value: instance.value, resolved_value: null,
        acknowledged_by: null, acknowledged_at: null, resolved_at: null, created_at: at, updated_at: at,
      });
    } catch (err) {
      // E.g. another instance of this host opened it first (one open alert per instance_key).
      this.logger?.warn({ err, key }, 'alert not opened');
      return;
    }
    this.events.transition('opened', row);
    if (rule.notify) {
      await this.events.notify({ ...text, type: severity === 'critical' ? 'error' : 'warning', source: SOURCE, duration: 10_000 }, { event: 'alert.triggered', channels: rule.channels });
    }
  }
}
