import { Table, type Dialect } from '../ddl.js';

/** Tables whose every change bumps one counter, so readers can tell "nothing changed since" with one cheap query. */
const COUNTED: Record<string, string[]> = {
  accounts: ['users', 'roles', 'sessions'],
  notifications: ['notifications', 'notification_receipts'],
};

/**
 * `change_counters`: one row per counted domain, bumped by triggers on each of its tables — in the same
 * transaction as the change, whichever instance or cascade (user deleted, role renamed) made it.
 */
export function changeCounters(d: Dialect): string[] {
  const counters = new Table('change_counters')
    .text('name', 50, { primaryKey: true })
    .bigint('value', { default: 0 });
  const statements = [counters.render(d)];
  for (const [counter, tables] of Object.entries(COUNTED)) {
    statements.push(`INSERT INTO change_counters (name, value) VALUES ('${counter}', 0)`);
    const bump = `UPDATE change_counters SET value = value + 1 WHERE name = '${counter}'`;
    if (d === 'postgres') {
      const fn = `count_${counter}_change`;
      statements.push(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ${bump}; RETURN NULL; END $$`);
      for (const table of tables) {
        statements.push(`CREATE TRIGGER ${table}_counted AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`);
      }
    } else {
      for (const table of tables) {
        for (const event of ['INSERT', 'UPDATE', 'DELETE']) {
          statements.push(`CREATE TRIGGER ${table}_counted_${event.toLowerCase()} AFTER ${event} ON ${table} BEGIN ${bump}; END`);
        }
      }
    }
  }
  return statements;
}
