import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { json, toJson } from '../../db/values.js';
import type { Listener, SecurityCheck, SecuritySnapshot, SnapshotStatus } from '../../system/security/index.js';

/** A stored snapshot (models.md §4.4), with engine differences normalised. */
export interface StoredSnapshot extends SecuritySnapshot {
  id: string;
  host: string;
  /** ISO `…Z`. */
  timestamp: string;
}

/** A history row: the checks without detail and evidence. */
export interface SnapshotSummary {
  timestamp: string;
  score: number;
  status: SnapshotStatus;
  checks: Array<Pick<SecurityCheck, 'id' | 'status'>>;
}

type Row = { id: string; host: string; timestamp: string; score: number; status: string; checks: unknown; listening: unknown };

const asStatus = (v: string): SnapshotStatus => (v === 'warning' || v === 'error' ? v : 'success');

function fromRow(row: Row): StoredSnapshot {
  return {
    id: row.id,
    host: row.host,
    timestamp: new Date(row.timestamp).toISOString(),
    score: Number(row.score),
    status: asStatus(row.status),
    checks: json<SecurityCheck[]>(row.checks, []),
    listening: json<Listener[]>(row.listening, []),
  };
}

/** `security_snapshots`: one host's snapshots, newest first. */
export class SecurityRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(host: string, timestamp: string, snapshot: SecuritySnapshot): Promise<StoredSnapshot> {
    const row = {
      id: randomUUID(),
      host,
      timestamp,
      score: snapshot.score,
      status: snapshot.status,
      checks: toJson(snapshot.checks),
      listening: toJson(snapshot.listening),
    };
    await this.db.insertInto('security_snapshots').values(row).execute();
    return fromRow(row);
  }

  async latest(host: string): Promise<StoredSnapshot | undefined> {
    const row = await this.db.selectFrom('security_snapshots').selectAll()
      .where('host', '=', host).orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row ? fromRow(row) : undefined;
  }

  /** Timestamp and status of the latest snapshot only (cheap; read by every live-metrics refresh). */
  async latestStatus(host: string): Promise<{ timestamp: string; status: SnapshotStatus } | undefined> {
    const row = await this.db.selectFrom('security_snapshots').select(['timestamp', 'status'])
      .where('host', '=', host).orderBy('timestamp', 'desc').limit(1).executeTakeFirst();
    return row ? { timestamp: new Date(row.timestamp).toISOString(), status: asStatus(row.status) } : undefined;
  }

  async history(host: string, since: string | undefined, limit: number, offset: number): Promise<{ count: number; rows: SnapshotSummary[] }> {
    let q = this.db.selectFrom('security_snapshots').where('host', '=', host);
    if (since) q = q.where('timestamp', '>=', since);
    const count = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const rows = await q.select(['timestamp', 'score', 'status', 'checks'])
      .orderBy('timestamp', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
    return {
      count: Number(count?.n ?? 0),
      rows: rows.map((r) => ({
        timestamp: new Date(r.timestamp).toISOString(),
        score: Number(r.score),
        status: asStatus(r.status),
        checks: json<SecurityCheck[]>(r.checks, []).map(({ id, status }) => ({ id, status })),
      })),
    };
  }

  /** Deletes snapshots of every host older than `before`; returns how many. */
  async prune(before: string): Promise<number> {
    const result = await this.db.deleteFrom('security_snapshots').where('timestamp', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
