import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { maskDatabaseUrl } from '../config/database-url.js';
import { inspectSqliteBackup, snapshotSqlite, sqliteInUse } from '../db/sqlite-files.js';
import { runningServers } from '../runtime/server-record.js';
import { startChild } from '../system/process/index.js';
import { checkExecutable } from '../system/process/executable.js';

type Print = (line: string) => void;

const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');

/** `backup [--out FILE]`: a consistent snapshot of the database while servers keep running. */
export async function backupCommand(config: Config, out: string | undefined, print: Print, fail: Print): Promise<number> {
  const db = config.database;
  if (db.kind === 'sqlite') {
    if (db.path === ':memory:') {
      fail('DATABASE_URL is sqlite::memory:: there is no database file to back up.');
      return 2;
    }
    if (!existsSync(db.path)) {
      fail(`There is no database at ${db.path} yet (the server creates it at its first start).`);
      return 1;
    }
    const target = resolve(out ?? join(config.dataDir, 'backups', `everyst-${stamp()}.sqlite3`));
    if (!out) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    if (resolve(target) === resolve(db.path)) {
      fail('--out names the database itself; choose another file.');
      return 2;
    }
    const { bytes } = await snapshotSqlite(db.path, target);
    print(`Backed up ${db.path} to ${target} (${formatBytes(bytes)}).`);
    print(`Restore it with: everyst restore ${target}`);
    return 0;
  }
  return pgDump(config, db, out, print, fail);
}

/** PostgreSQL: drives `pg_dump` (custom format) when it is installed, else says how to take the dump. */
async function pgDump(config: Config, db: Extract<Config['database'], { kind: 'postgres' }>, out: string | undefined, print: Print, fail: Print): Promise<number> {
  const target = resolve(out ?? join(config.dataDir, 'backups', `everyst-${stamp()}.dump`));
  const url = new URL(db.url);
  const schema = /search_path\s*=\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(decodeURIComponent(url.searchParams.get('options') ?? ''))?.[1];
  if (checkExecutable('pg_dump', process.env.PATH ?? '')) {
    fail('pg_dump is not installed (Debian/Ubuntu: apt install postgresql-client, at the server\'s major version or newer).');
    fail(`Then: pg_dump --format=custom --file=${target}${schema ? ` --schema=${schema}` : ''} --dbname='${maskDatabaseUrl(db)}' (with the real password, or PGPASSWORD set)`);
    return 1;
  }
  if (!out) mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
  // The password goes through the environment, never the command line (other users can read that).
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, HOME: process.env.HOME, LANG: process.env.LANG,
    PGHOST: url.hostname.replace(/^\[|\]$/g, ''), PGPORT: url.port || '5432', PGDATABASE: db.database,
    PGUSER: decodeURIComponent(url.username) || undefined, PGPASSWORD: url.password ? decodeURIComponent(url.password) : undefined,
    PGSSLMODE: url.searchParams.get('sslmode') ?? undefined,
  };
  const partial = `${target}.partial`;
  let stderr = '';
  const child = startChild({
    command: 'pg_dump',
    args: ['--format=custom', `--file=${partial}`, ...(schema ? [`--schema=${schema}`] : [])],
    env, killGraceMs: 2000, onStderr: (chunk) => (stderr += chunk.toString()),
  });
  const exit = await child.exited;
  if (exit.code !== 0) {
    rmSync(partial, { force: true });
    fail(`pg_dump failed (${exit.spawnError?.message ?? `exit ${exit.code ?? exit.signal}`}): ${stderr.trim()}`);
    return 1;
  }
  renameSync(partial, target);
  print(`Backed up ${maskDatabaseUrl(db)} to ${target} (${formatBytes(statSync(target).size)}, pg_dump custom format).`);
  print(`Restore it with: pg_restore --clean --if-exists --no-owner --dbname=<DATABASE_URL> ${target} (servers stopped)`);
  return 0;
}

/**
 * `restore FILE`: replaces the SQLite database with a backup, the old one kept as `<database>.before-restore`.
 * Refused while a server runs on it.
 */
export function restoreCommand(config: Config, file: string, print: Print, fail: Print): number {
  const db = config.database;
  if (db.kind !== 'sqlite') {
    fail('restore replaces a SQLite database; this installation uses PostgreSQL. Stop every server and worker, then:');
    fail(`  pg_restore --clean --if-exists --no-owner --dbname='${maskDatabaseUrl(db)}' ${file}`);
    fail('and start them again (see docs/backup.md).');
    return 2;
  }
  if (db.path === ':memory:') {
    fail('DATABASE_URL is sqlite::memory:: there is no database file to restore into.');
    return 2;
  }
  const source = resolve(file);
  if (source === resolve(db.path)) {
    fail(`${file} is the database itself.`);
    return 2;
  }
  const running = runningServers(config.dataDir);
  if (running.length > 0) {
    for (const s of running) fail(`An Everyst server (pid ${s.pid}${s.urls.length ? `, ${s.urls[0]}` : ''}) is running on ${s.database}.`);
    fail('Stop it before restoring (systemctl stop everyst, or Ctrl-C in its terminal), then run restore again.');
    return 1;
  }
  let contents;
  try {
    contents = inspectSqliteBackup(source);
  } catch (e) {
    fail((e as Error).message);
    return 1;
  }
  const previous = `${db.path}.before-restore`;
  if (existsSync(db.path)) {
    if (sqliteInUse(db.path)) {
      fail(`Another process has ${db.path} open (a server started with another data folder, a worker, or a command).`);
      fail('Stop it before restoring, then run restore again.');
      return 1;
    }
    for (const suffix of ['', '-wal']) {
      rmSync(previous + suffix, { force: true });
      if (existsSync(db.path + suffix)) renameSync(db.path + suffix, previous + suffix);
    }
    rmSync(`${db.path}-shm`, { force: true });
  }
  mkdirSync(dirname(db.path), { recursive: true });
  const incoming = `${db.path}.restoring`;
  copyFileSync(source, incoming);
  renameSync(incoming, db.path);
  print(`Restored ${db.path} from ${source} (schema ${contents.migrations.at(-1)}, ${contents.users} user${contents.users === 1 ? '' : 's'}).`);
  if (existsSync(previous)) print(`The database it replaced is kept as ${previous}.`);
  print('Start the server: it applies any newer migrations to the restored database.');
  return 0;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
