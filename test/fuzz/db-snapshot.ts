/**
 * What is stored in the server's SQLite file, read through a connection of our own. `changed()` is cheap (SQLite's
 * data_version moves only when another connection commits), so the full per-table hash is computed only when
 * something was written.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/**
 * Tables written whatever a request answers: failed logins by design, background jobs (sampler, security
 * checks, job locks) on their own clock, the counters the triggers keep of all the others, and scans, which the
 * scanner writes on the clock of work started earlier (queue, progress, end; that a refused scan request stores no
 * scan is checked by the scanner's own tests).
 */
const WRITTEN_REGARDLESS = new Set(['login_attempts', 'job_locks', 'system_metrics', 'security_snapshots', 'change_counters', 'network_scans', 'network_scan_devices']);

/** Of the notices, those of scans and of the security checks come on those clocks too. */
const DECIDED_PART: Record<string, string> = {
  notifications: "SELECT * FROM notifications WHERE source NOT IN ('network_scanner', 'security')",
};

export type Snapshot = Map<string, string>;

export class StoredData {
  private readonly db: Database.Database;
  private version: number;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
    this.version = this.dataVersion();
  }

  private dataVersion(): number {
    return this.db.pragma('data_version', { simple: true }) as number;
  }

  /** True once another connection committed since the last call. */
  changed(): boolean {
    const now = this.dataVersion();
    const moved = now !== this.version;
    this.version = now;
    return moved;
  }

  /** Row count and content hash of every table a request decides about. */
  snapshot(): Snapshot {
    const tables = this.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    const out: Snapshot = new Map();
    for (const table of tables) {
      if (WRITTEN_REGARDLESS.has(table) || table.startsWith('kysely_')) continue;
      const rows = this.db.prepare(`${DECIDED_PART[table] ?? `SELECT * FROM "${table}"`} ORDER BY rowid`).raw().all();
      out.set(table, `${rows.length}:${createHash('sha1').update(JSON.stringify(rows, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).digest('hex')}`);
    }
    return out;
  }

  close(): void {
    this.db.close();
  }
}

/** Names of the tables whose rows differ between two snapshots. */
export function differences(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name));
}
