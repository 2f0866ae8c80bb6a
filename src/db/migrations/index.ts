import { sql, type Kysely } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import type { Dialect } from '../ddl.js';
import { accounts } from './001-accounts.js';
import { network } from './002-network.js';
import { metricsAndAlerts } from './003-metrics-alerts.js';
import { notifications } from './004-notifications.js';
import { changeCounters } from './005-change-counters.js';
import { lockoutResets } from './006-lockout-resets.js';
import { monitors } from './007-monitors.js';
import { roleMonitors } from './008-role-monitors.js';
import { monitorHistory } from './009-monitor-history.js';
import { channels } from './010-channels.js';
import { inventory } from './011-inventory.js';
import { agents } from './012-agents.js';
import { alertRuleHosts } from './013-alert-rule-hosts.js';

/**
 * Ordered migrations; each renders its statements for the dialect at hand. A migration's rendered SQL never
 * changes once released: test/foundation/migration-sql.test.ts pins it (test/fixtures/migration-sql.json), since
 * they build on shared code (../ddl.ts, ../seeds.ts).
 */
export const MIGRATIONS: Array<[name: string, statements: (d: Dialect) => string[]]> = [
  ['001-accounts', accounts],
  ['002-network', network],
  ['003-metrics-alerts', metricsAndAlerts],
  ['004-notifications', notifications],
  ['005-change-counters', changeCounters],
  ['006-lockout-resets', lockoutResets],
  ['007-monitors', monitors],
  ['008-role-monitors', roleMonitors],
  ['009-monitor-history', monitorHistory],
  ['010-channels', channels],
  ['011-inventory', inventory],
  ['012-agents', agents],
  ['013-alert-rule-hosts', alertRuleHosts],
];

export const MIGRATION_NAMES: readonly string[] = MIGRATIONS.map(([name]) => name);
/** The newest schema this code knows. */
export const LATEST_MIGRATION = MIGRATION_NAMES[MIGRATION_NAMES.length - 1];

export function migrationProvider(dialect: Dialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, statements] of MIGRATIONS) {
        out[name] = {
          async up(db: Kysely<unknown>) {
            for (const statement of statements(dialect)) await sql.raw(statement).execute(db);
          },
        };
      }
      return out;
    },
  };
}
