/**
 * `everyst doctor` as a real process reports the database's schema against the code's migrations: empty, older
 * (migrated at the next start), up to date, and newer than the code (a newer release migrated it) — the last a
 * PROBLEM with the fix and exit status 1. On SQLite, and on PostgreSQL when reachable.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { LATEST_MIGRATION, MIGRATION_NAMES, migrationProvider } from '../../src/db/migrations/index.js';
import { createPostgresSchema, databaseKinds } from '../helpers/databases.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const NEWER = '099-from-a-newer-release';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs doctor and returns its exit status and the `schema` line. */
function doctor(env: Record<string, string>): { status: number | null; schema: string | undefined; stdout: string } {
  const res = spawnSync(process.execPath, ['bin/everyst.js', 'doctor'], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000,
    env: { PATH: process.env.PATH, HOME: env.EVERYST_DATA_DIR, EVERYST_FROM_SOURCE: '1', ...env },
  });
  const schema = res.stdout.split('\n').find((l) => l.slice(9, 23).trim() === 'schema');
  return { status: res.status, schema, stdout: res.stdout };
}

async function migrateTo(database: Database, name: string): Promise<void> {
  const db = database.db as unknown as Kysely<unknown>;
  const schema = database.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s : undefined;
  const { error } = await new Migrator({ db, provider: migrationProvider(database.dialect), migrationTableSchema: schema }).migrateTo(name);
  if (error) throw error;
}

describe.each(await databaseKinds())('everyst doctor: the database schema (%s)', (kind) => {
  it('says empty, older with what runs next, up to date, and refuses a schema newer than the code with the fix', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-doctor-schema-'));
    dirs.push(dataDir);
    let env: Record<string, string> = { EVERYST_DATA_DIR: dataDir };
    let database: Database;
    let drop: () => Promise<void> = async () => undefined;
    if (kind === 'sqlite') {
      database = openDatabase({ kind, path: join(dataDir, 'everyst.sqlite3') });
    } else {
      const schema = await createPostgresSchema();
      drop = schema.drop;
      env = { ...env, DATABASE_URL: schema.url };
      database = openDatabase({ kind, url: schema.url, host: '127.0.0.1', database: 'test' });
    }
    try {
      let res = doctor(env);
      expect(res.schema).toBe('ok       schema         empty database (created at the first start)');

      const previous = MIGRATION_NAMES.at(-3)!;
      await migrateTo(database, previous);
      res = doctor(env);
      expect(res.schema).toBe(`ok       schema         at ${previous}; 2 migration(s) up to ${LATEST_MIGRATION} run at the next start (take a backup first: everyst backup)`);

      await database.migrate();
      res = doctor(env);
      expect(res.schema).toBe(`ok       schema         up to date (${LATEST_MIGRATION})`);
      expect(res.stdout).toMatch(/^ok {7}database {7}/m);

      const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await db.insertInto('kysely_migration').values({ name: NEWER, timestamp: new Date().toISOString() }).execute();
      res = doctor(env);
      expect(res.status).toBe(1);
      expect(res.schema).toMatch(/^PROBLEM {2}schema {9}The database at \S.* was upgraded by a newer Everyst release/);
      expect(res.schema).toContain(`(its schema has ${NEWER}; this version's last migration is ${LATEST_MIGRATION})`);
      expect(res.schema).toContain('Downgrading is not supported: run the newer release again, or restore the backup taken before the upgrade');
      if (kind === 'postgres') expect(res.schema).not.toMatch(/postgres:\/\/[^@\s]*:[^*@\s]+@/);
      // doctor only reads: the newer release's record is still there, and nothing was migrated back.
      const names = (await db.selectFrom('kysely_migration').select('name').execute()).map((r) => r.name);
      expect(names).toEqual(expect.arrayContaining([NEWER, LATEST_MIGRATION]));
    } finally {
      await database.close();
      await drop();
    }
  }, 120_000);
});
