import SqliteDatabase from 'better-sqlite3';
import { closeSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { MIGRATION_TABLE, unknownMigrations } from './schema-version.js';
import { MIGRATION_NAMES } from './migrations/index.js';

/** All remaining pages in one step: one read transaction, so writers of other processes cannot restart it. */
const ALL_PAGES = 0x7fffffff;

/**
 * A consistent copy of a live SQLite database through SQLite's online backup API, while other processes (the
 * server) keep writing. The copy is written beside `out` and renamed into place, and is a single
 * self-contained file (rollback journal, not WAL).
 */
export async function snapshotSqlite(source: string, out: string): Promise<{ bytes: number; pages: number }> {
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  const db = new SqliteDatabase(source, { fileMustExist: true, timeout: 5000 });
  try {
    const { totalPages } = await db.backup(partial, { progress: () => ALL_PAGES });
    const copy = new SqliteDatabase(partial);
    try {
      copy.pragma('journal_mode = DELETE');
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${String(check)}`);
    } finally {
      copy.close();
    }
    renameSync(partial, out);
    return { bytes: statSync(out).size, pages: totalPages };
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    db.close();
  }
}

export interface BackupContents {
  migrations: string[];
  users: number;
}

const HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Checks that `path` is an Everyst SQLite database this code can run on: a readable SQLite file that passes its
 * integrity check, with Everyst's tables, and no migration newer than this code's. Throws an Error saying what
 * is wrong otherwise.
 */
export function inspectSqliteBackup(path: string): BackupContents {
  const head = Buffer.alloc(HEADER.length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new Error(`Cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(HEADER)) throw new Error(`${path} is not a SQLite database.`);
  const db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`${path} is damaged: ${String(check)}`);
    const tables = new Set((db.prepare(`select name from sqlite_master where type = 'table'`).pluck().all() as string[]));
    if (!tables.has(MIGRATION_TABLE) || !tables.has('users') || !tables.has('roles')) {
      throw new Error(`${path} is a SQLite database, but not an Everyst one (it has no Everyst tables).`);
    }
    const migrations = db.prepare(`select name from ${MIGRATION_TABLE} order by name`).pluck().all() as string[];
    const newer = unknownMigrations(migrations);
    if (newer.length > 0) {
      throw new Error(`${path} was written by a newer Everyst release (its schema has ${newer.join(', ')}; this version's last migration is ${MIGRATION_NAMES.at(-1)}). Restore it with that release.`);
    }
    return { migrations, users: db.prepare('select count(*) from users').pluck().get() as number };
  } finally {
    db.close();
  }
}

/**
 * Whether another process has the SQLite database open. Every connection to a WAL database holds a shared lock
 * on it while open, idle or not; taking it in exclusive locking mode fails at once when there is one. When it is
 * free, the WAL is checkpointed into the database file first, so that the file alone holds every committed row.
 */
export function sqliteInUse(path: string): boolean {
  const db = new SqliteDatabase(path, { fileMustExist: true, timeout: 0 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    try {
      db.exec('begin exclusive');
      db.prepare('select count(*) from sqlite_master').get();
      db.exec('commit');
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_BUSY') return true;
      throw e;
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return false;
  } finally {
    db.close();
  }
}
