/** Node's built-in `node:sqlite` behind the app's SQLite connection interface, for bench/sqlite-drivers.ts only. */
import { DatabaseSync, type SQLInputValue } from 'node:sqlite';
import type { SqliteConnection } from '../../src/db/database.js';
import { bindable, statementCache } from '../../src/db/database.js';

export function nodeSqlite(path: string): SqliteConnection {
  const raw = new DatabaseSync(path);
  raw.exec('pragma journal_mode = WAL; pragma foreign_keys = ON; pragma busy_timeout = 5000; pragma synchronous = NORMAL');
  const prepared = statementCache((query) => raw.prepare(query));
  const bind = (params: readonly unknown[]) => bindable(params) as SQLInputValue[];
  return {
    close: () => raw.close(),
    readNow: (query, params) => (raw.isTransaction ? null : prepared(query).all(...bind(params))),
    prepare(query: string) {
      const stmt = prepared(query);
      return {
        get reader() { return stmt.columns().length > 0; },
        all: (params: readonly unknown[]) => stmt.all(...bind(params)),
        run: (params: readonly unknown[]) => stmt.run(...bind(params)),
        iterate: (params: readonly unknown[]) => stmt.iterate(...bind(params)),
      } as unknown as ReturnType<SqliteConnection['prepare']>;
    },
  };
}
