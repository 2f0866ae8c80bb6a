import { randomUUID } from 'node:crypto';
import type { Principal } from '../../auth/permissions.js';
import { isUuid, nowIso, toJson } from '../../db/values.js';
import { forbidden, notFound } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { AlertRule, AlertRulesRepository } from './alert-rules.repository.js';
import type { AlertEvents } from './alert-events.js';
import type { AlertsRepository } from './alerts.repository.js';
import { presentRule, type AlertRuleView } from './alerts.presenter.js';
import { validateRule, type RuleValues } from './alert-rules.validation.js';
import type { AlertEvaluator } from './evaluator.js';

const pick = (v: RuleValues) => ({
  name: v.name, metric: v.metric, target: v.target, warning_threshold: v.warning_threshold, critical_threshold: v.critical_threshold,
  duration_seconds: v.duration_seconds, hysteresis: v.hysteresis, cooldown_seconds: v.cooldown_seconds, enabled: v.enabled, notify: v.notify,
  channels: toJson(v.channels), hosts: toJson(v.hosts),
});

/** Alert rules CRUD (rest.md §9, metrics.md §5.1). */
export class AlertRulesService {
  constructor(
    private readonly repo: AlertRulesRepository,
    private readonly alerts: AlertsRepository,
    private readonly events: AlertEvents,
    private readonly evaluator: AlertEvaluator,
  ) {}

  async list(window: ListWindow): Promise<Listing<AlertRuleView>> {
    const [count, rules] = await Promise.all([this.repo.count(), this.repo.list(window.offset, window.limit)]);
    return { count, rows: rules.map(presentRule) };
  }

  async find(id: string): Promise<AlertRule> {
    const rule = isUuid(id) ? await this.repo.find(id.toLowerCase()) : undefined;
    if (!rule) throw notFound();
    return rule;
  }

  async get(id: string) {
    return presentRule(await this.find(id));
  }

  async create(p: Principal, body: Record<string, unknown>) {
    const values = pick(await validateRule(body, undefined, true, this.repo));
    const id = randomUUID();
    const now = nowIso();
    await this.repo.insert({ id, ...values, is_builtin: false, created_by: p.userId, created_at: now, updated_at: now });
    return presentRule((await this.repo.find(id))!);
  }

  async update(id: string, body: Record<string, unknown>, full: boolean) {
    const rule = await this.find(id);
    const valid = await validateRule(body, rule, full, this.repo);
    await this.repo.update(rule.id, { ...pick(valid), updated_at: nowIso() });
    // What the open alerts describe no longer exists: they end (without notification, like disabling); so do those
    // of hosts the rule no longer covers.
    if (!valid.enabled || valid.metric !== rule.metric || valid.target !== rule.target) await this.resolveOpenAlerts(rule.id);
    else if (valid.hosts.length > 0) await this.resolveOpenAlerts(rule.id, (host) => !valid.hosts.includes(host));
    if (valid.metric !== rule.metric || valid.target !== rule.target) this.evaluator.forgetRule(rule.id);
    return presentRule((await this.repo.find(rule.id))!);
  }

  async delete(id: string): Promise<void> {
    const rule = await this.find(id);
    if (rule.is_builtin) throw forbidden('Built-in rules cannot be deleted');
    await this.resolveOpenAlerts(rule.id);
    await this.repo.delete(rule.id);
    this.evaluator.forgetRule(rule.id);
  }

  /** metrics.md §5.2: disabling or deleting a rule resolves its open alerts without a notification. */
  private async resolveOpenAlerts(ruleId: string, ofHost: (host: string) => boolean = () => true): Promise<void> {
    for (const alert of await this.alerts.openForRule(ruleId)) {
      if (!ofHost(alert.host ?? '')) continue;
      const at = nowIso();
      const resolved = await this.alerts.update(alert.id, { status: 'resolved', resolved_at: at, updated_at: at }, 'resolved');
      if (resolved) this.events.transition('resolved', resolved);
    }
  }
}
