import type { Kysely } from 'kysely';
import type { DB } from './tables.js';
import { PreparedQuery } from './prepared.js';

/** A domain's change counter (migration 005): triggers bump it in the same transaction as every change. */
export class ChangeCounter {
  private readonly query;

  constructor(db: Kysely<DB>, private readonly name: string) {
    this.query = new PreparedQuery(db as Kysely<unknown>, (counter: string) =>
      db.selectFrom('change_counters').select('value').where('name', '=', counter));
  }

  async read(): Promise<number> {
    const row = await this.query.first(this.name);
    if (!row) throw new Error(`change counter "${this.name}" is missing`);
    return Number(row.value);
  }
}

interface Entry<V> { version: number; value: V; bytes: number }

/**
 * Values computed from the database, served again while the domain's counter has not moved: one tiny query
 * instead of the computation, and exact on any number of instances (the counter lives in the database). The
 * counter is read before computing, so a change made meanwhile leaves an entry that is already stale.
 * Least recently used entries go first once `maxBytes` is reached.
 */
export class CountedCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;

  constructor(
    private readonly counter: ChangeCounter,
    private readonly sizeOf: (value: V) => number,
    private readonly maxBytes: number,
  ) {}

  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const version = await this.counter.read();
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
