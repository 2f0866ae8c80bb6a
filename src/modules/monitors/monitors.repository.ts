import type { Kysely, Selectable } from 'kysely';
import type { DB, MonitorsTable } from '../../db/tables.js';
import { bool, json, nowIso, toJson } from '../../db/values.js';
import type { SecretBox } from '../../crypto/secrets.js';
import type { DnsOptions, HttpOptions, MonitorSpec, MonitorStatus, MonitorType } from './monitor-types.js';
import type { MonitorValues } from './monitors.validation.js';

/** What changes with every check: kept on the row so a restart resumes from it. */
export interface MonitorRunState {
  status: MonitorStatus;
  status_since: string | null;
  /** Failed checks in a row (towards `retries`). */
  failures: number;
  /** Down checks since the last down notification (towards `resend_every`). */
  down_checks: number;
  last_checked_at: string | null;
  last_response_ms: number | null;
  last_message: string;
  cert_expires_at: string | null;
  last_push_at: string | null;
}

export interface StoredMonitor extends MonitorSpec, MonitorRunState {
  created_at: string;
  updated_at: string;
  created_by: number | null;
}

type Row = Selectable<MonitorsTable>;
type StoredHttp = Omit<HttpOptions, 'basic_auth'> & { basic_auth: { username: string } | null };

/** The `monitors` table: definitions (the basic-auth password sealed) and run state. */
export class MonitorsRepository {
  constructor(private readonly db: Kysely<DB>, private readonly secrets: SecretBox) {}

  async all(): Promise<StoredMonitor[]> {
    return (await this.db.selectFrom('monitors').selectAll().execute()).map((row) => this.fromRow(row));
  }

  async get(id: string): Promise<StoredMonitor | undefined> {
    const row = await this.db.selectFrom('monitors').selectAll().where('id', '=', id).executeTakeFirst();
    return row && this.fromRow(row);
  }

  /** The monitors of `ids` that exist (a worker loading the definitions it is asked to check). */
  async getMany(ids: readonly string[]): Promise<StoredMonitor[]> {
    if (ids.length === 0) return [];
    return (await this.db.selectFrom('monitors').selectAll().where('id', 'in', [...ids]).execute()).map((row) => this.fromRow(row));
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('monitors').select('id').where('name_normalized', '=', name.toLowerCase());
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(id: string, values: MonitorValues, pushToken: string | null, createdBy: number | null, state: MonitorRunState): Promise<StoredMonitor> {
    const now = nowIso();
    await this.db.insertInto('monitors').values({
      id, ...this.definitionColumns(values), push_token: pushToken, ...state, created_by: createdBy, created_at: now, updated_at: now,
    }).execute();
    return (await this.get(id))!;
  }

  async update(id: string, values: MonitorValues, pushToken: string | null, state: Partial<MonitorRunState>): Promise<StoredMonitor | undefined> {
    await this.db.updateTable('monitors').set({ ...this.definitionColumns(values), push_token: pushToken, ...state, updated_at: nowIso() })
      .where('id', '=', id).execute();
    return this.get(id);
  }

  async saveStates(states: ReadonlyArray<{ id: string; state: MonitorRunState }>): Promise<void> {
    if (!states.length) return;
    await this.db.transaction().execute(async (trx) => {
      for (const { id, state } of states) await trx.updateTable('monitors').set(state).where('id', '=', id).execute();
    });
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('monitors').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  private definitionColumns(v: MonitorValues) {
    const http: StoredHttp | null = v.http ? { ...v.http, basic_auth: v.http.basic_auth ? { username: v.http.basic_auth.username } : null } : null;
    return {
      name: v.name, name_normalized: v.name.toLowerCase(), type: v.type, target: v.target, port: v.port,
      interval_s: v.interval_s, timeout_s: v.timeout_s, retries: v.retries, retry_interval_s: v.retry_interval_s, resend_every: v.resend_every,
      http: http ? toJson(http) : null,
      http_password_encrypted: v.http?.basic_auth ? this.secrets.encrypt(v.http.basic_auth.password) : null,
      keyword: v.keyword, invert_keyword: v.invert_keyword, json_path: v.json_path, expected_value: v.expected_value,
      dns: v.dns ? toJson(v.dns) : null, tls_expiry_days: v.tls_expiry_days, device_id: v.device_id,
      tags: toJson(v.tags), channels: toJson(v.channels), active: v.active,
    };
  }

  private fromRow(row: Row): StoredMonitor {
    const http = json<StoredHttp | null>(row.http, null);
    const password = http?.basic_auth ? this.secrets.decrypt(row.http_password_encrypted) : null;
    return {
      id: row.id, name: row.name, type: row.type as MonitorType, target: row.target, port: row.port,
      interval_s: row.interval_s, timeout_s: Number(row.timeout_s), retries: row.retries, retry_interval_s: row.retry_interval_s,
      resend_every: row.resend_every,
      // A password sealed with an earlier SECRET_KEY reads as empty: the check then fails with 401, visibly.
      http: http ? { ...http, basic_auth: http.basic_auth ? { username: http.basic_auth.username, password: password ?? '' } : null } : null,
      keyword: row.keyword, invert_keyword: bool(row.invert_keyword), json_path: row.json_path, expected_value: row.expected_value,
      dns: json<DnsOptions | null>(row.dns, null), tls_expiry_days: row.tls_expiry_days, device_id: row.device_id,
      push_token: row.push_token, tags: json<string[]>(row.tags, []), channels: json<string[]>(row.channels, []), active: bool(row.active),
      status: row.status as MonitorStatus, status_since: row.status_since, failures: row.failures, down_checks: row.down_checks,
      last_checked_at: row.last_checked_at, last_response_ms: row.last_response_ms === null ? null : Number(row.last_response_ms),
      last_message: row.last_message, cert_expires_at: row.cert_expires_at, last_push_at: row.last_push_at,
      created_at: row.created_at, updated_at: row.updated_at, created_by: row.created_by === null ? null : Number(row.created_by),
    };
  }
}
