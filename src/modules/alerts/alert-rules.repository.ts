import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { AlertRulesTable, DB } from '../../db/tables.js';
import { bool, json } from '../../db/values.js';

export type AlertRuleRow = Selectable<AlertRulesTable>;

export const METRICS = [
  'cpu_usage', 'memory_usage', 'swap_usage', 'filesystem_usage', 'load_per_core', 'network_rx', 'network_tx', 'temperature',
] as const;
export type RuleMetric = (typeof METRICS)[number];

/** A rule with engine-neutral values (booleans normalised). */
export interface AlertRule {
  id: string; name: string; metric: RuleMetric; target: string | null;
  warning_threshold: number | null; critical_threshold: number | null;
  duration_seconds: number; hysteresis: number; cooldown_seconds: number;
  enabled: boolean; notify: boolean; is_builtin: boolean; created_by: number | null; created_at: string; updated_at: string;
  /** Notification channels its alerts go to (monitoring.md §5.3); empty: routed by the channels' filters. */
  channels: string[];
  /** Host ids it is evaluated on (this server's host name, other instances', agent ids); empty: every host. */
  hosts: string[];
}

export function toRule(row: AlertRuleRow): AlertRule {
  return {
    ...row,
    metric: row.metric as RuleMetric,
    enabled: bool(row.enabled), notify: bool(row.notify), is_builtin: bool(row.is_builtin), channels: json<string[]>(row.channels, []), hosts: json<string[]>(row.hosts, []),
    created_by: row.created_by === null ? null : Number(row.created_by),
  };
}

export class AlertRulesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(offset: number, limit: number): Promise<AlertRule[]> {
    const rows = await this.db.selectFrom('alert_rules').selectAll().orderBy('name').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(toRule);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('alert_rules').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async enabled(): Promise<AlertRule[]> {
    const rows = await this.db.selectFrom('alert_rules').selectAll().where('enabled', '=', true).orderBy('name').execute();
    return rows.map(toRule);
  }

  async find(id: string): Promise<AlertRule | undefined> {
    const row = await this.db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRule(row);
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('alert_rules').select('id').where('name', '=', name);
    if (exceptId) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(row: Insertable<AlertRulesTable>): Promise<void> {
    await this.db.insertInto('alert_rules').values(row).execute();
  }

  async update(id: string, changes: Updateable<AlertRulesTable>): Promise<void> {
    await this.db.updateTable('alert_rules').set(changes).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('alert_rules').where('id', '=', id).execute();
  }
}
