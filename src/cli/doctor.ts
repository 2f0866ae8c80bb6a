import { accessSync, constants, mkdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { loadConfig, ConfigError, type Config } from '../config/config.js';
import { maskDatabaseUrl } from '../config/database-url.js';
import { openDatabase, type Database } from '../db/database.js';
import { LATEST_MIGRATION, MIGRATION_NAMES } from '../db/migrations/index.js';
import { appliedMigrations, SchemaTooNew, unknownMigrations } from '../db/schema-version.js';
import { nodeSupportProblem } from '../runtime/node-support.js';
import { toolFindings } from './doctor-tools.js';

/** `warn`: works, degraded (e.g. a scanner program without raw sockets); does not fail the exit status. */
interface Finding { ok: boolean; warn?: boolean; what: string; detail: string }

/** `everyst doctor`: what this installation has and lacks, each problem with its fix. Exit 1 when any is found. */
export async function runDoctor(write: (line: string) => void): Promise<number> {
  const findings: Finding[] = [];
  const problem = nodeSupportProblem(process.version);
  findings.push({ ok: !problem, what: 'Node.js', detail: problem ?? `${process.version} (supported)` });

  let config: Config | undefined;
  try {
    config = loadConfig();
    findings.push({ ok: true, what: 'configuration', detail: 'valid' });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const line of e.problems) findings.push({ ok: false, what: 'configuration', detail: line });
  }
  if (config) {
    findings.push(dataDirFinding(config.dataDir));
    findings.push(...await databaseFindings(config));
  }
  for (const tool of toolFindings()) findings.push({ ok: tool.level !== 'problem', warn: tool.level === 'warn', what: tool.what, detail: tool.detail });
  for (const f of findings) write(`${f.warn ? 'warn   ' : f.ok ? 'ok     ' : 'PROBLEM'}  ${f.what.padEnd(14)} ${f.detail}`);
  return findings.every((f) => f.ok) ? 0 : 1;
}

function dataDirFinding(dir: string): Finding {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return { ok: true, what: 'data folder', detail: `${dir} (writable)` };
  } catch (e) {
    return { ok: false, what: 'data folder', detail: `${dir} is not writable by this user (${(e as NodeJS.ErrnoException).code}): set EVERYST_DATA_DIR or fix its owner` };
  }
}

async function databaseFindings(config: Config): Promise<Finding[]> {
  const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.path}` : `PostgreSQL ${maskDatabaseUrl(config.database)}`;
  const database = openDatabase(config.database);
  try {
    await database.ping(5000);
  } catch (e) {
    await database.close().catch(() => undefined);
    return [{ ok: false, what: 'database', detail: `${where}: ${(e as Error).message}: check DATABASE_URL` }];
  }
  try {
    return [{ ok: true, what: 'database', detail: `${where} (reachable)` }, await schemaFinding(database, config)];
  } finally {
    await database.close().catch(() => undefined);
  }
}

/** Whether this code can run on the database's schema: never on one a newer release migrated (no downgrades). */
async function schemaFinding(database: Database, config: Config): Promise<Finding> {
  const applied = await appliedMigrations(database.db as unknown as Kysely<unknown>, database.dialect);
  const newer = unknownMigrations(applied);
  if (newer.length > 0) {
    return { ok: false, what: 'schema', detail: new SchemaTooNew(config.database.kind === 'sqlite' ? config.database.path : maskDatabaseUrl(config.database), newer).message };
  }
  const pending = MIGRATION_NAMES.filter((name) => !applied.includes(name)).length;
  if (applied.length === 0) return { ok: true, what: 'schema', detail: 'empty database (created at the first start)' };
  if (pending > 0) return { ok: true, what: 'schema', detail: `at ${applied.at(-1)}; ${pending} migration(s) up to ${LATEST_MIGRATION} run at the next start (take a backup first: everyst backup)` };
  return { ok: true, what: 'schema', detail: `up to date (${LATEST_MIGRATION})` };
}
