import { describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import { openDatabase, type Database } from '../../src/db/database.js';
import { MIGRATION_NAMES, migrationProvider } from '../../src/db/migrations/index.js';
import { bool } from '../../src/db/values.js';
import { createPostgresSchema, databaseKinds } from '../helpers/databases.js';

const BUILTIN_HOLDERS = { owner: true, admin: true, manager: true, user: false, viewer: false };

describe.each(await databaseKinds())('migration 008: the role flag can_manage_monitors on %s', (kind) => {
  async function open() {
    if (kind === 'sqlite') return { database: openDatabase({ kind: 'sqlite', path: ':memory:' }), drop: async () => undefined };
    const schema = await createPostgresSchema();
    return { database: openDatabase({ kind: 'postgres', url: schema.url, host: '127.0.0.1', database: 'test' }), drop: schema.drop };
  }

  /** Brings the database to the state an installation had before this migration existed. */
  async function migrateTo(database: Database, name: string) {
    const schema = kind === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema
      : undefined;
    const migrator = new Migrator({ db: database.db as Kysely<unknown>, provider: migrationProvider(database.dialect), migrationTableSchema: schema });
    const { error } = await migrator.migrateTo(name);
    if (error) throw error;
  }

  /** A custom role as code before this flag inserted it: naming only the older columns. */
  async function insertRoleWithoutMonitorsFlag(database: Database, name: string, priority: number, olderFlags: boolean) {
    const now = new Date().toISOString();
    const flag = (v: boolean) => (kind === 'sqlite' ? Number(v) : v);
    await sql`INSERT INTO roles (name, display_name, description, priority, can_manage_users, can_manage_system,
      can_manage_network, can_view_all_data, can_run_tools, is_builtin, created_at, updated_at)
      VALUES (${name}, ${name}, '', ${priority}, ${flag(olderFlags)}, ${flag(olderFlags)}, ${flag(olderFlags)}, ${flag(olderFlags)},
        ${flag(olderFlags)}, ${flag(false)}, ${now}, ${now})`.execute(database.db);
  }

  async function flagsByRole(database: Database) {
    const rows = await database.db.selectFrom('roles').select(['name', 'can_manage_monitors']).orderBy('priority').execute();
    return Object.fromEntries(rows.map((r) => [r.name, bool(r.can_manage_monitors)]));
  }

  it('gives an existing database the flag: true for owner, admin and manager, false for user, viewer and custom roles', async () => {
    const { database, drop } = await open();
    try {
      await migrateTo(database, '007-monitors');
      // A custom role holding every older flag: the new one must not be derived from them.
      await insertRoleWithoutMonitorsFlag(database, 'operator', 10, true);

      expect(await database.migrate()).toEqual(MIGRATION_NAMES.slice(MIGRATION_NAMES.indexOf('008-role-monitors')));

      expect(await flagsByRole(database)).toEqual({ ...BUILTIN_HOLDERS, operator: false });
      const operator = await database.db.selectFrom('roles').selectAll().where('name', '=', 'operator').executeTakeFirstOrThrow();
      expect([operator.can_manage_system, operator.can_run_tools].map(bool)).toEqual([true, true]);
      expect(await database.migrate()).toEqual([]);
    } finally {
      await database.close();
      await drop();
    }
  });

  it('gives a new database the same values, defaults later roles to false and accepts only booleans', async () => {
    const { database, drop } = await open();
    try {
      expect(await database.migrate()).toContain('008-role-monitors');
      expect(await flagsByRole(database)).toEqual(BUILTIN_HOLDERS);
      await insertRoleWithoutMonitorsFlag(database, 'later', 20, false);
      expect((await flagsByRole(database)).later).toBe(false);
      const odd = sql`UPDATE roles SET can_manage_monitors = ${7} WHERE name = 'later'`.execute(database.db);
      await expect(odd).rejects.toThrow();
    } finally {
      await database.close();
      await drop();
    }
  });
});
