import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import { syncReaderOf } from './database.js';

type Slot = { arg: number } | { value: unknown };

/**
 * A Kysely query built and compiled once; later calls only bind their arguments. For hot paths (the
 * per-request authentication query), where building and compiling cost more than SQLite running it.
 * Every argument must land in a bound parameter (where, join values), never in the SQL text. Read-only: on SQLite
 * it runs synchronously when no transaction is open (syncReaderOf).
 */
export class PreparedQuery<Args extends unknown[], Row> {
  private compiled: { sql: string; slots: Slot[] } | null = null;
  private readonly readNow;

  constructor(
    private readonly db: Kysely<unknown>,
    private readonly build: (...args: Args) => Compilable<Row>,
  ) {
    this.readNow = syncReaderOf(db);
  }

  async all(...args: Args): Promise<Row[]> {
    const { sql, slots } = (this.compiled ??= this.compile(args.length));
    const parameters = slots.map((slot) => ('arg' in slot ? args[slot.arg] : slot.value));
    const rows = this.readNow?.(sql, parameters);
    if (rows) return rows as Row[];
    return (await this.db.executeQuery<Row>(CompiledQuery.raw(sql, parameters))).rows;
  }

  async first(...args: Args): Promise<Row | undefined> {
    return (await this.all(...args))[0];
  }

  private compile(arity: number): { sql: string; slots: Slot[] } {
    const markers = Array.from({ length: arity }, (_, i) => `\u0000prepared-argument-${i}\u0000`);
    const query = this.build(...(markers as unknown as Args)).compile();
    const slots = query.parameters.map((p): Slot => {
      const index = markers.indexOf(p as string);
      return index >= 0 ? { arg: index } : { value: p };
    });
    const bound = new Set(slots.flatMap((s) => ('arg' in s ? [s.arg] : [])));
    if (bound.size !== arity) throw new Error('PreparedQuery: every argument must be a bound parameter');
    return { sql: query.sql, slots };
  }
}
