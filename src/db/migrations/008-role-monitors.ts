import type { Dialect } from '../ddl.js';

/**
 * The role flag `can_manage_monitors` (monitoring.md §1): false for every role, then true for the built-in owner,
 * admin and manager, on new and existing databases alike.
 */
export function roleMonitors(d: Dialect): string[] {
  const column = d === 'postgres'
    ? 'ALTER TABLE roles ADD COLUMN IF NOT EXISTS can_manage_monitors boolean NOT NULL DEFAULT false'
    : 'ALTER TABLE roles ADD COLUMN can_manage_monitors INTEGER NOT NULL DEFAULT 0 CHECK (can_manage_monitors IN (0, 1))';
  const yes = d === 'postgres' ? 'true' : '1';
  return [column, `UPDATE roles SET can_manage_monitors = ${yes} WHERE is_builtin = ${yes} AND name IN ('owner', 'admin', 'manager')`];
}
