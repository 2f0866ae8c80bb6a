import { randomUUID } from 'node:crypto';
import type { Kysely, Updateable } from 'kysely';
import type { Logger } from 'pino';
import type { Principal } from '../../auth/permissions.js';
import type { AlertsTable, DB } from '../../db/tables.js';
import { isUuid, nowIso } from '../../db/values.js';
import { conflict, notFound } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { EventBus } from '../../realtime/bus.js';
import { AlertEngine } from './alert-engine.js';
import { AlertEvents, type AlertEvent, type SystemNotices } from './alert-events.js';
import { AlertRulesRepository } from './alert-rules.repository.js';
import { AlertRulesService } from './alert-rules.service.js';
import { AlertsRepository, type AlertFilters, type AlertRow } from './alerts.repository.js';
import { presentAlert, type AlertView } from './alerts.presenter.js';
import { validateAlertInput } from './alerts.validation.js';

const NOTIFICATION_TYPE: Record<string, 'info' | 'warning' | 'error'> = { low: 'info', medium: 'info', high: 'warning', critical: 'error' };
const STATUS_ORDER: Record<string, number> = { new: 0, acknowledged: 1, resolved: 2 };

/**
 * Alerts (rest.md §9): listing, manual alerts and the acknowledge/resolve workflow. Also the composition of the
 * alert rules service and the evaluation engine, which share the transition events.
 */
export class AlertsService {
  readonly repo: AlertsRepository;
  readonly events: AlertEvents;
  readonly rules: AlertRulesService;
  readonly engine: AlertEngine;

  constructor(db: Kysely<DB>, bus: EventBus, notifications: SystemNotices, host: string, logger?: Logger) {
    this.repo = new AlertsRepository(db);
    const rulesRepo = new AlertRulesRepository(db);
    this.events = new AlertEvents(bus, notifications, logger);
    this.engine = new AlertEngine(rulesRepo, this.repo, this.events, host, logger);
    this.rules = new AlertRulesService(rulesRepo, this.repo, this.events, this.engine.evaluator);
  }

  async list(filters: AlertFilters, window: ListWindow): Promise<Listing<AlertView>> {
    const [count, rows] = await Promise.all([this.repo.count(filters), this.repo.list(filters, window.offset, window.limit)]);
    return { count, rows: rows.map(presentAlert) };
  }

  async get(id: string): Promise<AlertView> {
    return presentAlert(await this.find(id));
  }

  async find(id: string): Promise<AlertRow> {
    const row = isUuid(id) ? await this.repo.find(id.toLowerCase()) : undefined;
    if (!row) throw notFound();
    return row;
  }

  async create(p: Principal, body: Record<string, unknown>) {
    const input = validateAlertInput(body, true);
    const now = nowIso();
    const status = input.status ?? 'new';
    const severity = input.severity ?? 'medium';
    const row = await this.repo.insert({
      id: randomUUID(), timestamp: now, title: input.title!, message: input.message!, severity, status, source: input.source!,
      rule_id: null, instance_key: null, host: null, metric: null, target: null, value: null, threshold: null, peak_value: null,
      resolved_value: null, acknowledged_by: status === 'acknowledged' ? p.userId : null, acknowledged_at: status === 'acknowledged' ? now : null,
      resolved_at: status === 'resolved' ? now : null, created_at: now, updated_at: now,
    });
    this.events.transition('opened', row);
    await this.events.notify({ title: row.title, message: row.message, type: NOTIFICATION_TYPE[severity], source: row.source, duration: 5000 }, { event: 'alert.triggered' });
    return presentAlert(row);
  }

  /** PUT/PATCH: `status` only moves forward, with the effects of acknowledge/resolve. */
  async update(p: Principal, id: string, body: Record<string, unknown>, full: boolean) {
    const alert = await this.find(id);
    const input = validateAlertInput(body, full);
    const now = nowIso();
    const changes: Updateable<AlertsTable> = { updated_at: now };
    for (const field of ['title', 'message', 'source', 'severity'] as const) if (input[field] !== undefined) changes[field] = input[field];
    let event: AlertEvent | null = null;
    if (input.status !== undefined && input.status !== alert.status) {
      if (STATUS_ORDER[input.status] < STATUS_ORDER[alert.status]) throw conflict('Invalid status change');
      changes.status = input.status;
      if (input.status === 'acknowledged') Object.assign(changes, { acknowledged_by: p.userId, acknowledged_at: now });
      else changes.resolved_at = now;
      event = input.status === 'acknowledged' ? 'acknowledged' : 'resolved';
    }
    const updated = await this.repo.update(alert.id, changes, event ? 'resolved' : undefined);
    if (!updated) throw conflict('Invalid status change'); // resolved meanwhile
    if (event) this.events.transition(event, updated);
    else this.events.changed();
    return presentAlert(updated);
  }

  async delete(id: string): Promise<void> {
    const alert = await this.find(id);
    await this.repo.delete(alert.id);
    this.events.changed();
  }

  async acknowledge(p: Principal, id: string) {
    const alert = await this.find(id);
    if (alert.status === 'resolved') throw conflict('Alert is already resolved');
    if (alert.status === 'acknowledged') return presentAlert(alert);
    const now = nowIso();
    const updated = await this.repo.update(alert.id, { status: 'acknowledged', acknowledged_by: p.userId, acknowledged_at: now, updated_at: now }, 'resolved');
    if (!updated) throw conflict('Alert is already resolved');
    this.events.transition('acknowledged', updated);
    return presentAlert(updated);
  }

  async resolve(id: string) {
    const alert = await this.find(id);
    if (alert.status === 'resolved') throw conflict('Alert is already resolved');
    const now = nowIso();
    const updated = await this.repo.update(alert.id, { status: 'resolved', resolved_at: now, updated_at: now }, 'resolved');
    if (!updated) throw conflict('Alert is already resolved');
    this.events.transition('resolved', updated);
    return presentAlert(updated);
  }
}
