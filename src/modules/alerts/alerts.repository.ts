import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AlertsTable, DB } from '../../db/tables.js';

export type AlertRow = Selectable<AlertsTable>;
export type NewAlert = Insertable<AlertsTable>;

export interface OpenAlertSummary { title: string; host: string | null; severity: string }

export interface AlertFilters {
  status?: string; severity?: string; source?: string; rule?: string; host?: string; active?: boolean;
}

/** `alerts` (models.md §4.3). At most one unresolved alert per `instance_key` (a unique partial index). */
export class AlertsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(f: AlertFilters) {
    let q = this.db.selectFrom('alerts');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.severity) q = q.where('severity', '=', f.severity);
    if (f.source) q = q.where('source', '=', f.source);
    if (f.rule) q = q.where('rule_id', '=', f.rule);
    if (f.host) q = q.where('host', '=', f.host);
    if (f.active !== undefined) q = q.where('status', f.active ? '<>' : '=', 'resolved');
    return q;
  }

  list(filters: AlertFilters, offset: number, limit: number): Promise<AlertRow[]> {
    return this.filtered(filters).selectAll().orderBy('timestamp', 'desc').orderBy('created_at', 'desc').orderBy('id')
      .offset(offset).limit(limit).execute();
  }

  async count(filters: AlertFilters): Promise<number> {
    const row = await this.filtered(filters).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  find(id: string): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insert(row: NewAlert): Promise<AlertRow> {
    await this.db.insertInto('alerts').values(row).execute();
    return (await this.find(row.id))!;
  }

  /** Applies `changes`; with `unlessStatus`, only to a row not already in that status. Returns the row after. */
  async update(id: string, changes: Updateable<AlertsTable>, unlessStatus?: string): Promise<AlertRow | undefined> {
    let q = this.db.updateTable('alerts').set(changes).where('id', '=', id);
    if (unlessStatus) q = q.where('status', '<>', unlessStatus);
    const result = await q.executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return undefined;
    return this.find(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('alerts').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Unresolved rule alerts raised on `host`. */
  openForHost(host: string): Promise<AlertRow[]> {
    return this.db.selectFrom('alerts').selectAll()
      .where('host', '=', host).where('status', '<>', 'resolved').where('instance_key', 'is not', null).execute();
  }

  openForRule(ruleId: string): Promise<AlertRow[]> {
    return this.db.selectFrom('alerts').selectAll().where('rule_id', '=', ruleId).where('status', '<>', 'resolved').execute();
  }

  /** Title, host and severity of the newest unresolved alerts (the `alerts` key of the live metrics). */
  openSummaries(limit: number): Promise<OpenAlertSummary[]> {
    return this.db.selectFrom('alerts').select(['title', 'host', 'severity'])
      .where('status', '<>', 'resolved')
      .orderBy('timestamp', 'desc').orderBy('created_at', 'desc')
      .limit(limit).execute();
  }

  /** Whether any alert (of `severity`, when given) is unresolved. */
  async hasOpen(severity?: string): Promise<boolean> {
    let q = this.db.selectFrom('alerts').select('id').where('status', '<>', 'resolved');
    if (severity) q = q.where('severity', '=', severity);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  /** Unresolved alerts per severity, every severity present (0 when none), for `everyst_alerts_open`. */
  async openCountsBySeverity(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('alerts')
      .select((eb) => ['severity', eb.fn.countAll<number>().as('n')])
      .where('status', '<>', 'resolved').groupBy('severity').execute();
    const out: Record<string, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const r of rows) out[r.severity] = Number(r.n);
    return out;
  }

  /** Latest `resolved_at` per instance key of `host`, for resolutions since `since`. */
  async lastResolved(host: string, since: string): Promise<Map<string, number>> {
    const rows = await this.db.selectFrom('alerts')
      .select((eb) => ['instance_key', eb.fn.max('resolved_at').as('at')])
      .where('host', '=', host).where('status', '=', 'resolved').where('instance_key', 'is not', null)
      .where('resolved_at', '>=', since)
      .groupBy('instance_key').execute();
    return new Map(rows.map((r) => [r.instance_key!, Date.parse(String(r.at))]));
  }
}
