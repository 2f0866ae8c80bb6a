import type { Dialect } from '../ddl.js';

/** Alert rules scoped to hosts (monitoring.md §6): `hosts` lists host ids, empty for every host. */
export function alertRuleHosts(d: Dialect): string[] {
  return [d === 'postgres'
    ? "ALTER TABLE alert_rules ADD COLUMN hosts jsonb NOT NULL DEFAULT '[]'::jsonb"
    : "ALTER TABLE alert_rules ADD COLUMN hosts TEXT NOT NULL DEFAULT '[]'"];
}
