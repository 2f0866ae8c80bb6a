import { sql, type Kysely } from 'kysely';
import type { Dialect } from './ddl.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from './migrations/index.js';

/** Where the migrator records what it applied (Kysely's default table). */
export const MIGRATION_TABLE = 'kysely_migration';

/** The migrations recorded in the database, in order; empty for a database never migrated. */
export async function appliedMigrations(db: Kysely<unknown>, dialect: Dialect): Promise<string[]> {
  const present = dialect === 'postgres'
    ? (await sql<{ present: boolean }>`select to_regclass(${MIGRATION_TABLE}) is not null as present`.execute(db)).rows[0]?.present
    : (await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(db)).rows[0]?.n;
  if (!present) return [];
  const rows = await sql<{ name: string }>`select name from ${sql.table(MIGRATION_TABLE)} order by name`.execute(db);
  return rows.rows.map((r) => r.name);
}

/**
 * A database whose schema is newer than this code: a newer release migrated it. Starting on it would run old
 * code over tables it does not know, so nothing opens it.
 */
export class SchemaTooNew extends Error {
  constructor(readonly where: string, readonly unknown: string[]) {
    super(
      `The database at ${where} was upgraded by a newer Everyst release (its schema has ${unknown.join(', ')}; this ` +
      `version's last migration is ${LATEST_MIGRATION}). Downgrading is not supported: run the newer release again, ` +
      `or restore the backup taken before the upgrade (see docs/backup.md).`,
    );
    this.name = 'SchemaTooNew';
  }
}

/** The recorded migrations this code does not have (a newer release's); empty when the code can run on it. */
export function unknownMigrations(applied: readonly string[]): string[] {
  const known = new Set(MIGRATION_NAMES);
  return applied.filter((name) => !known.has(name));
}
