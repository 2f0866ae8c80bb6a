import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../src/db/database.js';
import { createPostgresSchema, databaseKinds } from '../helpers/databases.js';

const TABLES = [
  'roles', 'users', 'password_history', 'sessions', 'login_attempts', 'login_lockout_resets', 'network_devices', 'network_connections',
  'connection_suppressions', 'network_scans', 'network_scan_devices', 'system_metrics', 'alert_rules', 'alerts',
  'security_snapshots', 'notifications', 'notification_receipts', 'notification_preferences', 'webhooks',
  'smtp_settings', 'deliveries', 'job_locks', 'change_counters', 'monitors', 'maintenance_windows', 'status_pages',
  'monitor_heartbeats', 'monitor_minutes', 'monitor_hours', 'monitor_days', 'monitor_incidents',
  'network_device_presence', 'network_device_changes', 'network_scan_schedules',
];

describe.each(await databaseKinds())('migrations on %s', (kind) => {
  async function open() {
    if (kind === 'sqlite') return { database: openDatabase({ kind: 'sqlite', path: ':memory:' }), drop: async () => undefined };
    const schema = await createPostgresSchema();
    return { database: openDatabase({ kind: 'postgres', url: schema.url, host: '127.0.0.1', database: 'test' }), drop: schema.drop };
  }

  it('creates every entity, seeds roles and rules, and a re-run is a no-op', async () => {
    const { database, drop } = await open();
    try {
      const applied = await database.migrate();
      expect(applied).toEqual(['001-accounts', '002-network', '003-metrics-alerts', '004-notifications', '005-change-counters', '006-lockout-resets', '007-monitors',
        '008-role-monitors', '009-monitor-history', '010-channels', '011-inventory', '012-agents', '013-alert-rule-hosts']);
      expect(await database.migrate()).toEqual([]);
      for (const table of TABLES) {
        await sql.raw(`SELECT count(*) FROM ${table}`).execute(database.db);
      }
      const roles = await database.db.selectFrom('roles').select(['name', 'priority']).orderBy('priority').execute();
      expect(roles.map((r) => r.name)).toEqual(['owner', 'admin', 'manager', 'user', 'viewer']);
      const rules = await database.db.selectFrom('alert_rules').select('name').execute();
      expect(rules).toHaveLength(8);
    } finally {
      await database.close();
      await drop();
    }
  });

  it('enforces the single-owner index, foreign keys and checks', async () => {
    const { database, drop } = await open();
    try {
      await database.migrate();
      const now = new Date().toISOString();
      const user = (name: string, role: string) => ({
        username: name, username_normalized: name, email: `${name}@x.io`, email_normalized: `${name}@x.io`, password_hash: 'x',
        role_name: role, first_name: '', last_name: '', is_active: true, date_joined: now, password_changed_at: now, created_at: now, updated_at: now,
      });
      await database.db.insertInto('users').values(user('a', 'owner')).execute();
      await expect(database.db.insertInto('users').values(user('b', 'owner')).execute()).rejects.toThrow();
      await expect(database.db.insertInto('users').values(user('c', 'no-such-role')).execute()).rejects.toThrow();
      await expect(database.db.insertInto('users').values({ ...user('d', 'user'), is_active: 7 as unknown as boolean }).execute()).rejects.toThrow();
      const [{ id }] = await database.db.selectFrom('users').select('id').execute();
      expect(id).toBe(1);
    } finally {
      await database.close();
      await drop();
    }
  });
});
