import SqliteDatabase from 'better-sqlite3';
import { createRequire } from 'node:module';
import { Kysely, PostgresDialect, SqliteDialect, sql, type SqliteDatabase as KyselySqlite } from 'kysely';
import { Migrator } from 'kysely/migration';
import { maskDatabaseUrl, type DatabaseConfig } from '../config/database-url.js';
import type { Dialect } from './ddl.js';
import type { DB } from './tables.js';
import { migrationProvider } from './migrations/index.js';
import { SchemaTooNew, appliedMigrations, unknownMigrations } from './schema-version.js';

type Pg = typeof import('pg');
let pgModule: Pg | null = null;
/** `pg` is loaded only when PostgreSQL is configured (a SQLite install never pays its memory). */
function loadPg(): Pg {
  if (!pgModule) {
    pgModule = createRequire(import.meta.url)('pg') as Pg;
    // bigint (count, identity) as number, timestamptz as the same ISO text SQLite stores.
    pgModule.types.setTypeParser(20, (v: string) => Number(v));
    pgModule.types.setTypeParser(1184, (v: string) => new Date(v).toISOString());
    pgModule.types.setTypeParser(1114, (v: string) => new Date(v + 'Z').toISOString());
  }
  return pgModule;
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /**
   * Runs pending migrations; returns the names applied now (empty on a re-run). Throws SchemaTooNew, before
   * changing anything, when a newer release migrated the database.
   */
  migrate(): Promise<string[]>;
  /** Resolves when the database answers a trivial query; rejects after `timeoutMs`. */
  ping(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 500;

/** Runs a read-only statement at once, or answers null when it must wait its turn (a transaction is open). */
export type SyncReader = (query: string, params: readonly unknown[]) => unknown[] | null;
const syncReaders = new WeakMap<object, SyncReader>();

/**
 * The synchronous reader of an embedded SQLite database, or undefined (PostgreSQL). Hot read paths use it to skip
 * Kysely's executor and connection mutex, which cost more than SQLite answering. While a transaction is open on
 * the single connection it declines, so a reader never sees uncommitted rows.
 */
export const syncReaderOf = (db: object): SyncReader | undefined => syncReaders.get(db);

/**
 * What tells an embedded SQLite connection whether the database may have changed since it last looked, without
 * reading any table: `dataVersion` is `PRAGMA data_version`, which moves when another connection (any process)
 * commits; `writes` counts the statements this connection ran that may write, which that pragma does not see.
 * While both stand still, nothing was committed anywhere. `inTransaction`: the connection has an open
 * transaction (its reads would see its own uncommitted rows).
 */
export interface ChangeProbe {
  dataVersion(): number;
  writes(): number;
  inTransaction(): boolean;
}
const changeProbes = new WeakMap<object, ChangeProbe>();

/** The change probe of an embedded SQLite database, or undefined (PostgreSQL, or a driver without one). */
export const changeProbeOf = (db: object): ChangeProbe | undefined => changeProbes.get(db);

/** better-sqlite3 and node:sqlite reject booleans as parameters: bind them as 0/1 like the schema stores them. */
export const bindable = (params: readonly unknown[]) => params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));

/** The result of a statement that was not run. */
const NOTHING_RUN = { changes: 0, lastInsertRowid: 0 };

/**
 * Prepared statements kept by their SQL text, least recently used out first (Kysely prepares on every execution;
 * preparing dominated small queries).
 */
export function statementCache<S>(prepare: (query: string) => S): (query: string) => S {
  const cache = new Map<string, S>();
  return (query) => {
    let stmt = cache.get(query);
    if (stmt) {
      cache.delete(query);
    } else {
      stmt = prepare(query);
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    }
    cache.set(query, stmt);
    return stmt;
  };
}

/** An embedded SQLite connection as Kysely drives it, plus the synchronous reader of hot paths. */
export type SqliteConnection = KyselySqlite & { readNow: SyncReader; probe?: ChangeProbe };
export type SqliteConnector = (path: string) => SqliteConnection;

/** The driver: better-sqlite3 (bench/sqlite-drivers.ts measured it against node:sqlite). */
const betterSqlite: SqliteConnector = (path) => {
  const raw = new SqliteDatabase(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('foreign_keys = ON');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('synchronous = NORMAL');
  const prepared = statementCache((query) => raw.prepare(query));
  // Statements of this connection that may write (not read-only for SQLite; `insert … returning` is a reader that
  // writes): counted before they run.
  let writes = 0;
  const dataVersion = raw.prepare('pragma data_version').pluck();
  const counted = <S extends { readonly: boolean }>(stmt: S): S => {
    if (!stmt.readonly) writes++;
    return stmt;
  };
  return {
    close: () => raw.close(),
    readNow: (query, params) => (raw.inTransaction ? null : counted(prepared(query)).all(...bindable(params))),
    probe: {
      dataVersion: () => dataVersion.get() as number,
      writes: () => writes,
      inTransaction: () => raw.inTransaction,
    },
    prepare(query: string) {
      const stmt = prepared(query);
      return {
        get reader() { return stmt.reader; },
        all: (params: readonly unknown[]) => counted(stmt).all(...bindable(params)),
        // SQLite ends a transaction itself on some errors (SQLITE_FULL in COMMIT): Kysely's ROLLBACK then failed
        // with "no transaction is active" and that error replaced the real one.
        run: (params: readonly unknown[]) => (query === 'rollback' && !raw.inTransaction ? NOTHING_RUN : counted(stmt).run(...bindable(params))),
        iterate: (params: readonly unknown[]) => counted(stmt).iterate(...bindable(params)),
      } as ReturnType<KyselySqlite['prepare']>;
    },
  };
};

function openKysely(config: DatabaseConfig, connect: SqliteConnector): Kysely<DB> {
  if (config.kind === 'sqlite') {
    const database = connect(config.path);
    const kysely = new Kysely<DB>({ dialect: new SqliteDialect({ database }) });
    syncReaders.set(kysely, database.readNow);
    if (database.probe) changeProbes.set(kysely, database.probe);
    return kysely;
  }
  const pool = new (loadPg().Pool)({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5000 });
  pool.on('error', () => {
    /* an idle client dropped: the pool replaces it; requests meanwhile answer 503 */
  });
  // A client checked out when its connection drops emits 'error' with no pool listener attached (an uncaught
  // exception that ended the process). Its query fails on its own, and the pool discards it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

const PING = sql`select 1`;

/** `sqlite` replaces the SQLite driver (the driver benchmark); the product always uses better-sqlite3. */
export function openDatabase(config: DatabaseConfig, opts: { sqlite?: SqliteConnector } = {}): Database {
  const db = openKysely(config, opts.sqlite ?? betterSqlite);
  const dialect: Dialect = config.kind;
  return {
    db,
    dialect,
    async migrate() {
      // On PostgreSQL the bookkeeping tables live in the connection's current schema (search_path), not always `public`.
      const schema = dialect === 'postgres'
        ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
        : undefined;
      const newer = unknownMigrations(await appliedMigrations(db as Kysely<unknown>, dialect));
      if (newer.length > 0) throw new SchemaTooNew(maskDatabaseUrl(config), newer);
      const migrator = new Migrator({ db, provider: migrationProvider(dialect), migrationTableSchema: schema });
      for (let attempt = 1; ; attempt++) {
        const { error, results } = await migrator.migrateToLatest();
        // The migrator lists every schema's tables; one dropped meanwhile (another process) fails that listing, by
        // the schema or by one of its tables.
        if (error && attempt < 5 && /(schema|relation) "[^"]+" does not exist/.test(String((error as Error).message))) continue;
        if (error) throw error;
        return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
      }
    },
    async ping(timeoutMs = 2000) {
      const started = performance.now();
      // SQLite answers synchronously in-process: a timeout could never fire before it.
      if (dialect === 'sqlite') {
        if (!syncReaderOf(db)?.('select 1', [])) await PING.execute(db);
        return performance.now() - started;
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('database timeout')), timeoutMs);
      });
      try {
        await Promise.race([PING.execute(db), timeout]);
      } finally {
        clearTimeout(timer);
      }
      return performance.now() - started;
    },
    close: () => db.destroy(),
  };
}

/** True for driver errors that mean "the database is unreachable" (→ 503), not a bad query. */
export function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  const message = String((error as Error)?.message ?? '');
  return ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']
    .includes(code) || /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|database timeout/i.test(message);
}

/** Unique-constraint violation on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
