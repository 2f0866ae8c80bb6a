import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from './tables.js';
import { PreparedQuery } from './prepared.js';

/** The counted domains of migration 005. */
export type CounterName = 'accounts' | 'notifications';
export type CounterValues = Readonly<Record<CounterName, number>>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The change counters as this request found them when it was authenticated (ChangeCounters.forRequest). */
    changeCounters?: CounterValues;
  }
}

/** The change counters (migration 005): triggers bump them in the same transaction as every change. */
export class ChangeCounters {
  private readonly query;

  constructor(db: Kysely<DB>) {
    this.query = new PreparedQuery(db as Kysely<unknown>, () => db.selectFrom('change_counters').select(['name', 'value']));
  }

  /** Every counter, in one query. */
  async read(): Promise<CounterValues> {
    const values: Partial<Record<CounterName, number>> = {};
    for (const row of await this.query.all()) values[row.name as CounterName] = Number(row.value);
    if (values.accounts === undefined || values.notifications === undefined) throw new Error('change counters are missing (migration 005)');
    return values as CounterValues;
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
