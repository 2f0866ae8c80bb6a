import type { App } from '../../src/app.js';
import type { MetricReadings } from '../../src/modules/alerts/readings.js';
import { api } from '../metrics/helpers.js';
import type { Session } from '../helpers/factories.js';

export interface StoredNotice { title: string; message: string | null; type: string; source: string; is_system: boolean }

/** Drives the evaluation engine with a clock the test moves, and reads what it left behind. */
export class EvaluationDriver {
  now = Math.floor(Date.now() / 1000) * 1000;
  private seenNotifications = new Set<string>();

  constructor(private readonly app: App, private readonly admin: Session) {}

  /** Moves the clock forward by `seconds`, then evaluates `r` at that time. */
  async at(seconds: number, r: MetricReadings): Promise<void> {
    this.now += seconds * 1000;
    await this.app.ctx.services.alerts.engine.evaluate(r, this.now);
  }

  async rule(name: string) {
    const rules = (await api(this.app, 'GET', '/api/alert-rules/?page_size=100', this.admin)).body.results as Array<{ id: string; name: string }>;
    const rule = rules.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule ${name}`);
    return rule;
  }

  async patchRule(name: string, changes: Record<string, unknown>) {
    const rule = await this.rule(name);
    const res = await api(this.app, 'PATCH', `/api/alert-rules/${rule.id}/`, this.admin, changes);
    if (res.status !== 200) throw new Error(`patch failed: ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async createRule(body: Record<string, unknown>) {
    const res = await api(this.app, 'POST', '/api/alert-rules/', this.admin, body);
    if (res.status !== 201) throw new Error(`create failed: ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  }

  /** Alerts of one rule, newest first. */
  async alertsOf(ruleId: string) {
    return (await api(this.app, 'GET', `/api/alerts/?rule=${ruleId}&page_size=100`, this.admin)).body.results as Array<Record<string, unknown>>;
  }

  /** System-monitoring notifications stored since the previous call, oldest first. */
  async newNotifications(): Promise<StoredNotice[]> {
    const rows = await this.app.ctx.db.selectFrom('notifications').selectAll().where('source', '=', 'system_monitoring')
      .orderBy('created_at').execute();
    const fresh = rows.filter((r) => !this.seenNotifications.has(r.id));
    fresh.forEach((r) => this.seenNotifications.add(r.id));
    return fresh.map((r) => ({ title: r.title, message: r.message, type: r.type, source: r.source, is_system: Boolean(r.is_system) }));
  }
}
