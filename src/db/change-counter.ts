import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from './tables.js';
import { PreparedQuery } from './prepared.js';
import { changeProbeOf, syncReaderOf, type ChangeProbe, type SyncReader } from './database.js';

/** The counted domains of migration 005. */
export type CounterName = 'accounts' | 'notifications';
export type CounterValues = Readonly<Record<CounterName, number>>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The change counters as this request found them when it was authenticated (ChangeCounters.forRequest). */
    changeCounters?: CounterValues;
  }
}

const missing = () => new Error('change counters are missing (migration 005)');

/**
 * The change counters (migration 005): triggers bump them in the same transaction as every change.
 * On SQLite the values last read are kept while the connection's change probe shows no commit anywhere since
 * (PRAGMA data_version for other connections and processes, the count of this connection's own writing
 * statements): one pragma per request instead of reading the table. PostgreSQL reads the table every time.
 */
export class ChangeCounters {
  private readonly query;
  private readonly probe: ChangeProbe | undefined;
  private readonly readNow: SyncReader | undefined;
  private readonly sql: string;
  private kept: CounterValues | null = null;
  private keptDataVersion = 0;
  private keptWrites = 0;

  constructor(db: Kysely<DB>) {
    const select = () => db.selectFrom('change_counters').select(['name', 'value']);
    this.query = new PreparedQuery(db as Kysely<unknown>, select);
    this.sql = select().compile().sql;
    this.probe = changeProbeOf(db);
    this.readNow = syncReaderOf(db);
  }

  /** Every counter, in one query (or none, when the probe shows nothing was committed since the last one). */
  async read(): Promise<CounterValues> {
    const probe = this.probe;
    if (probe && !probe.inTransaction()) {
      // The probe first: a commit between it and the read leaves values newer than the stamp, read again next time.
      const dataVersion = probe.dataVersion();
      const writes = probe.writes();
      if (this.kept && dataVersion === this.keptDataVersion && writes === this.keptWrites) return this.kept;
      const rows = this.readNow?.(this.sql, []);
      if (rows) {
        this.kept = valuesOf(rows as Array<{ name: string; value: unknown }>);
        this.keptDataVersion = dataVersion;
        this.keptWrites = writes;
        return this.kept;
      }
    }
    return valuesOf(await this.query.all());
  }

  /**
   * The counters a request works with: read once, when it is authenticated, and kept on the request. Read after
   * the request arrived, they cover every change committed before it, on any instance.
   */
  async forRequest(request: FastifyRequest | undefined): Promise<CounterValues> {
    if (request?.changeCounters) return request.changeCounters;
    const values = await this.read();
    if (request) request.changeCounters = values;
    return values;
  }
}

function valuesOf(rows: ReadonlyArray<{ name: string; value: unknown }>): CounterValues {
  const values: Partial<Record<CounterName, number>> = {};
  for (const row of rows) values[row.name as CounterName] = Number(row.value);
  if (values.accounts === undefined || values.notifications === undefined) throw missing();
  return Object.freeze(values as CounterValues);
}

interface Entry<V> { version: number; value: V; bytes: number }

/**
 * Values computed from the database, served again while the domain's counter has not moved: exact on any number
 * of instances (the counter lives in the database) and far cheaper than the computation. The caller reads the
 * counter before computing, so a change made meanwhile leaves an entry that is already stale.
 * Least recently used entries go first once `maxBytes` is reached.
 */
export class CountedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;

  constructor(
    private readonly sizeOf: (value: V) => number,
    private readonly maxBytes: number,
  ) {}

  /** The value for `key` computed at counter value `version`. */
  async get(key: string, version: number, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit) {
      this.forget(key, hit);
      if (hit.version === version) {
        this.remember(key, hit);
        return hit.value;
      }
    }
    const value = await compute();
    const entry = { version, value, bytes: this.sizeOf(value) };
    if (entry.bytes <= this.maxBytes) this.remember(key, entry);
    return value;
  }

  private remember(key: string, entry: Entry<V>): void {
    const existing = this.entries.get(key);
    if (existing) this.forget(key, existing);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.forget(oldest, old);
    }
  }

  private forget(key: string, entry: Entry<V>): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
