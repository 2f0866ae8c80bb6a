import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | null = null;
/** Whether the machine's PostgreSQL answers; CI must have it (a missing one there is a failure, not a skip). */
export function postgresReachable(): Promise<boolean> {
  return (reachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${POSTGRES_URL} is unreachable`);
      console.warn(`[skip] PostgreSQL tests skipped: ${POSTGRES_URL} is unreachable`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })());
}

/** A fresh schema in the test database; the URL selects it through search_path. */
export async function createPostgresSchema(): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.end();
  const url = `${POSTGRES_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    url,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}

export type DbKind = 'sqlite' | 'postgres';
/** The engines to run a suite on: SQLite always, PostgreSQL when reachable. */
export async function databaseKinds(): Promise<DbKind[]> {
  return (await postgresReachable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}
