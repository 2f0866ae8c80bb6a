import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';

export interface OpenAlertSummary { title: string; host: string | null; severity: string }

/** Reads for the database-backed keys of the metrics object (metrics.md §2: security, threats, alerts). */
export class DashboardRepository {
  constructor(private readonly db: Kysely<DB>) {}

  openAlerts(limit: number): Promise<OpenAlertSummary[]> {
    return this.db.selectFrom('alerts').select(['title', 'host', 'severity'])
      .where('status', '<>', 'resolved')
      .orderBy('timestamp', 'desc').orderBy('created_at', 'desc')
      .limit(limit).execute();
  }

  async hasOpenAlert(severity?: string): Promise<boolean> {
    let q = this.db.selectFrom('alerts').select('id').where('status', '<>', 'resolved');
    if (severity) q = q.where('severity', '=', severity);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  }

  async lockoutsSince(sinceIso: string, limit: number): Promise<string[]> {
    const rows = await this.db.selectFrom('login_attempts').select('timestamp')
      .where('outcome', '=', 'locked_out').where('timestamp', '>=', sinceIso)
      .orderBy('timestamp', 'desc').limit(limit).execute();
    return rows.map((r) => r.timestamp);
  }

  async lastCompletedScan(): Promise<string | null> {
    const row = await this.db.selectFrom('network_scans').select('timestamp')
      .where('status', '=', 'completed').orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row?.timestamp ?? null;
  }

  /** Status and time (epoch ms) of the host's latest stored security snapshot. */
  async latestSecurityStatus(host: string): Promise<{ status: string; at: number } | null> {
    const row = await this.db.selectFrom('security_snapshots').select(['status', 'timestamp'])
      .where('host', '=', host).orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row ? { status: row.status, at: new Date(row.timestamp).getTime() } : null;
  }

  /** Known network devices per status (ignored devices left out), for `everyst_devices`. */
  async devicesByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('network_devices')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('is_ignored', '=', false).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Unresolved alerts per severity, every severity present (0 when none), for `everyst_alerts_open`. */
  async openAlertsBySeverity(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('alerts')
      .select((eb) => ['severity', eb.fn.countAll<number>().as('n')])
      .where('status', '<>', 'resolved').groupBy('severity').execute();
    const out: Record<string, number> = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const r of rows) out[r.severity] = Number(r.n);
    return out;
  }
}
