import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { LATEST_MIGRATION, migrationProvider } from '../../src/db/migrations/index.js';
import { SchemaTooNew } from '../../src/db/schema-version.js';
import { createPostgresSchema, databaseKinds, type DbKind } from '../helpers/databases.js';

/** The last migration of the previous release (the first round ended with the change counters). */
const PREVIOUS_RELEASE = '005-change-counters';
const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
const BOOKKEEPING = new Set(['kysely_migration', 'kysely_migration_lock']);

async function openFresh(kind: DbKind): Promise<{ database: Database; env: Record<string, string>; drop: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-upgrade-'));
  if (kind === 'sqlite') {
    const path = join(dataDir, 'everyst.sqlite3');
    return { database: openDatabase({ kind, path }), env: { EVERYST_DATA_DIR: dataDir }, drop: async () => undefined };
  }
  const schema = await createPostgresSchema();
  return {
    database: openDatabase({ kind, url: schema.url, host: '127.0.0.1', database: 'test' }),
    env: { EVERYST_DATA_DIR: dataDir, DATABASE_URL: schema.url },
    drop: schema.drop,
  };
}

/** Brings the database to the previous release's schema, as that release's `everyst migrate` left it. */
async function migrateToPreviousRelease(database: Database): Promise<void> {
  const db = database.db as unknown as Kysely<unknown>;
  const schema = database.dialect === 'postgres'
    ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0].s
    : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider(database.dialect), migrationTableSchema: schema });
  const { error, results } = await migrator.migrateTo(PREVIOUS_RELEASE);
  if (error) throw error;
  expect(results?.at(-1)?.migrationName).toBe(PREVIOUS_RELEASE);
}

const T = '2026-11-20T10:00:00.000Z';
const T2 = '2026-11-21T11:30:00.000Z';
const UUID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Rows in every kind of table the previous release had, including those later migrations alter or rebuild. */
async function writePreviousReleaseRows(database: Database): Promise<void> {
  const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  const yes = database.dialect === 'postgres' ? true : 1;
  const no = database.dialect === 'postgres' ? false : 0;
  const insert = (table: string, row: Record<string, unknown>) => db.insertInto(table).values(row).execute();
  await insert('roles', {
    name: 'auditor', display_name: 'Auditor', description: 'reads logs', priority: 10, can_manage_users: no, can_manage_system: no,
    can_manage_network: no, can_view_all_data: yes, can_run_tools: no, is_builtin: no, created_at: T, updated_at: T,
  });
  const user = (id: number, name: string, role: string, lastLogin: string | null) => ({
    id, username: name, username_normalized: name.toLowerCase(), email: `${name}@example.org`, email_normalized: `${name.toLowerCase()}@example.org`,
    password_hash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g', first_name: name, last_name: 'Fixture', is_active: yes,
    role_name: role, date_joined: T, last_login: lastLogin, last_login_ip: lastLogin ? '192.0.2.7' : null, password_changed_at: T,
    created_at: T, updated_at: T,
  });
  await insert('users', user(1, 'Olivia', 'owner', T2));
  await insert('users', user(2, 'Arthur', 'auditor', null));
  await insert('password_history', { user_id: 1, password_hash: 'old-hash', created_at: T });
  await insert('sessions', {
    id: UUID(1), user_id: 1, refresh_jti: 'a'.repeat(32), created_at: T, last_used_at: T2, expires_at: '2026-11-28T10:00:00.000Z',
    revoked_at: null, revoked_reason: null, ip_address: '192.0.2.7', user_agent: 'fixture',
  });
  await insert('login_attempts', {
    username: 'olivia', username_normalized: 'olivia', ip_address: '192.0.2.7', user_agent: 'fixture', timestamp: T2,
    was_successful: yes, outcome: 'success',
  });
  const device = (n: number, ip: string) => ({
    id: UUID(100 + n), label: `host-${n}`, type: 'server', ip, mac: `02:00:00:00:00:0${n}`, hostname: `host-${n}.lan`,
    hostname_source: 'rdns', vendor: 'Fixture Inc', first_seen: T, last_seen: T2, tags: '["rack-1"]', metadata: '{"os":"Linux"}',
    created_at: T, updated_at: T2,
  });
  await insert('network_devices', device(1, '192.0.2.10'));
  await insert('network_devices', device(2, '192.0.2.11'));
  await insert('network_connections', {
    id: UUID(200), source_id: UUID(101), target_id: UUID(102), pair_key: `${UUID(101)}:${UUID(102)}`, type: 'wired', status: 'active',
    latency: 0.4, evidence: '["arp"]', created_at: T, updated_at: T,
  });
  await insert('network_scans', {
    id: UUID(300), job_id: UUID(301), timestamp: T, status: 'completed', scan_type: 'basic', ip_range: '192.0.2.0/24',
    targets: '["192.0.2.0/24"]', target_set_key: 'k'.repeat(64), progress: 100, phase: 'done', discovered_devices: 2, duration: 12.5,
    started_at: T, finished_at: T2, started_by: 1, created_at: T, updated_at: T2,
  });
  await insert('network_scan_devices', { scan_id: UUID(300), device_id: UUID(101), observed: yes, observed_ip: '192.0.2.10', is_new: yes, went_offline: no });
  await insert('system_metrics', {
    host: 'server-1', resolution: 'minute', timestamp: T, cpu_usage: 12.5, memory_usage: 40, disk_usage: 55, swap_usage: 0, network_rx: 1000,
    network_tx: 2000, load_1: 0.5, process_count: 150, cpu_temperature: 45, memory_used_bytes: 4e9, disk_read_bytes_per_sec: 100,
    disk_write_bytes_per_sec: 200, sample_count: 60, created_at: T,
  });
  await insert('alert_rules', {
    id: UUID(400), name: 'Fixture rule', metric: 'cpu_usage', warning_threshold: 70, critical_threshold: 90, created_by: 1, created_at: T, updated_at: T,
  });
  await insert('alerts', {
    id: UUID(401), timestamp: T, title: 'CPU high', message: 'CPU at 95 %', severity: 'high', status: 'resolved', source: 'metrics',
    rule_id: UUID(400), host: 'server-1', metric: 'cpu_usage', value: 95, threshold: 90, resolved_at: T2, created_at: T, updated_at: T2,
  });
  await insert('security_snapshots', { id: UUID(500), timestamp: T, host: 'server-1', score: 80, status: 'warning', checks: '[{"id":"ssh"}]' });
  await insert('notifications', { id: UUID(600), user_id: 1, title: 'Welcome', message: 'hello', type: 'info', timestamp: T, created_at: T, updated_at: T });
  await insert('notification_receipts', { notification_id: UUID(600), user_id: 1, read_at: T2 });
  await insert('notification_preferences', { user_id: 1, email_enabled: yes, email_min_type: 'error', updated_at: T });
  await insert('webhooks', { id: UUID(700), name: 'Chat', url: 'https://hooks.example.org/x', secret_encrypted: 'sealed', created_by: 1, created_at: T, updated_at: T });
  await insert('smtp_settings', { id: 1, host: 'mail.example.org', port: 587, username: 'everyst', password_encrypted: 'sealed', from_email: 'everyst@example.org', updated_at: T });
  // Migration 010 rebuilds the deliveries table on SQLite: its rows must come through.
  await insert('deliveries', { id: UUID(800), notification_id: UUID(600), channel: 'webhook', recipient: 'https://hooks.example.org/x', webhook_id: UUID(700), payload: '{"n":1}', status: 'delivered', attempts: 1, delivered_at: T2, created_at: T, updated_at: T2 });
  await insert('deliveries', { id: UUID(801), notification_id: UUID(600), channel: 'email', recipient: 'olivia@example.org', payload: '{"n":2}', status: 'failed', attempts: 5, last_error: 'refused', created_at: T, updated_at: T2 });
  await insert('job_locks', { name: 'metrics-rollup', locked_by: 'old-instance', locked_until: T2, updated_at: T });
}

interface TableContent { columns: string[]; rows: string[] }

/** Every table's columns and rows (as sorted JSON lines), bookkeeping tables left out. */
async function contentOf(database: Database, columnsOf?: Map<string, string[]>): Promise<Map<string, TableContent>> {
  const db = database.db as unknown as Kysely<unknown>;
  const tables = database.dialect === 'postgres'
    ? (await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db)).rows
    : (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows;
  const out = new Map<string, TableContent>();
  for (const { name } of tables) {
    if (BOOKKEEPING.has(name)) continue;
    if (columnsOf && !columnsOf.has(name)) continue;
    const result = await sql.raw<Record<string, unknown>>(`select * from ${name}`).execute(db);
    const all = result.rows;
    const columns = columnsOf?.get(name) ?? (database.dialect === 'postgres'
      ? (await sql<{ c: string }>`select column_name as c from information_schema.columns where table_schema = current_schema() and table_name = ${name} order by ordinal_position`.execute(db)).rows.map((r) => r.c)
      : (await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(db)).rows.map((r) => r.name));
    const rows = all.map((row) => JSON.stringify(columns.map((c) => row[c]))).sort();
    out.set(name, { columns, rows });
  }
  return out;
}

describe.each(await databaseKinds())('upgrades on %s', { timeout: 120_000 }, (kind) => {
  it('a database written by the previous release migrates forward with every row kept', async () => {
    const { database, drop } = await openFresh(kind);
    try {
      await migrateToPreviousRelease(database);
      await writePreviousReleaseRows(database);
      const before = await contentOf(database);
      expect(before.size).toBeGreaterThanOrEqual(20);
      const applied = await database.migrate();
      expect(applied[0]).toBe('006-lockout-resets');
      expect(applied.at(-1)).toBe(LATEST_MIGRATION);
      const after = await contentOf(database, new Map([...before].map(([t, c]) => [t, c.columns])));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [table, content] of before) {
        // The change counters move when a migration updates a counted table (008 updates roles).
        if (table === 'change_counters') continue;
        expect(after.get(table)?.rows, `rows of ${table}`).toEqual(content.rows);
      }
      expect(before.get('users')?.rows).toHaveLength(2);
      expect(before.get('deliveries')?.rows).toHaveLength(2);
      // Later migrations' columns on the old rows.
      const db = database.db;
      expect((await db.selectFrom('deliveries').select(['id', 'channel', 'seq']).orderBy('id').execute()).map((r) => r.channel)).toEqual(['webhook', 'email']);
      const owner = await db.selectFrom('roles').select('can_manage_monitors').where('name', '=', 'owner').executeTakeFirstOrThrow();
      expect(Boolean(owner.can_manage_monitors)).toBe(true);
      const auditor = await db.selectFrom('roles').select('can_manage_monitors').where('name', '=', 'auditor').executeTakeFirstOrThrow();
      expect(Boolean(auditor.can_manage_monitors)).toBe(false);
    } finally {
      await database.close();
      await drop();
    }
  });

  it('a database migrated by a newer release refuses to open, changed in nothing, and the server does not start', async () => {
    const { database, env, drop } = await openFresh(kind);
    try {
      await database.migrate();
      const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await db.insertInto('kysely_migration').values({ name: '013-from-a-newer-release', timestamp: new Date().toISOString() }).execute();
      const tablesBefore = (await contentOf(database)).size;
      const refused = await database.migrate().then(() => null, (e: unknown) => e);
      expect(refused).toBeInstanceOf(SchemaTooNew);
      expect((refused as Error).message).toContain('was upgraded by a newer Everyst release (its schema has 013-from-a-newer-release');
      expect((refused as Error).message).toContain(`this version's last migration is ${LATEST_MIGRATION}`);
      expect((await contentOf(database)).size).toBe(tablesBefore);
      await database.close();

      const started = await runServe(env);
      expect(started.code).toBe(1);
      expect(started.stderr).toContain('was upgraded by a newer Everyst release');
      expect(started.stderr).toContain('Downgrading is not supported');
      expect(started.stdout).not.toContain('listening');
    } finally {
      await database.close().catch(() => undefined);
      await drop();
    }
  });
});

function runServe(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', API_HOST: '127.0.0.1', API_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
