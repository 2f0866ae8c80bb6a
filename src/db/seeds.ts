import { randomUUID } from 'node:crypto';
import { literal, type Dialect } from './ddl.js';

function insert(table: string, row: Record<string, string | number | boolean | null>, d: Dialect): string {
  const cols = Object.keys(row);
  const values = Object.values(row).map((v) => (v === null ? 'NULL' : literal(v, 'auto', d)));
  return `INSERT INTO ${table} (${cols.join(', ')}) VALUES (${values.join(', ')})`;
}

interface RoleSeed {
  name: string; display_name: string; priority: number; description: string;
  flags: [users: boolean, system: boolean, network: boolean, viewAll: boolean, tools: boolean];
}

const ROLE_SEEDS: RoleSeed[] = [
  { name: 'owner', display_name: 'Owner', priority: 1, description: 'System owner with full administrative privileges', flags: [true, true, true, true, true] },
  { name: 'admin', display_name: 'Administrator', priority: 2, description: 'Administrator with elevated system control', flags: [true, true, true, true, true] },
  { name: 'manager', display_name: 'Manager', priority: 3, description: 'Manager with limited administrative privileges', flags: [false, true, true, true, true] },
  { name: 'user', display_name: 'User', priority: 4, description: 'Standard user with basic access', flags: [false, false, false, false, true] },
  { name: 'viewer', display_name: 'Viewer', priority: 5, description: 'Read-only access to dashboards, the network map and notifications', flags: [false, false, false, false, false] },
];

export const BUILTIN_ROLE_NAMES = ROLE_SEEDS.map((r) => r.name);

export const BUILTIN_ROLES = ROLE_SEEDS.map((r) => ({
  name: r.name,
  insertSql(d: Dialect): string {
    const now = new Date().toISOString();
    const [users, system, network, viewAll, tools] = r.flags;
    return insert('roles', {
      name: r.name, display_name: r.display_name, description: r.description, priority: r.priority,
      can_manage_users: users, can_manage_system: system, can_manage_network: network,
      can_view_all_data: viewAll, can_run_tools: tools, is_builtin: true, created_at: now, updated_at: now,
    }, d);
  },
}));

type RuleSeed = [name: string, metric: string, warning: number, critical: number | null, duration: number, hysteresis: number, cooldown: number, enabled: boolean];

const RULE_SEEDS: RuleSeed[] = [
  ['High memory usage', 'memory_usage', 90, 97, 0, 5, 300, true],
  ['High CPU usage', 'cpu_usage', 90, 98, 300, 10, 300, true],
  ['High swap usage', 'swap_usage', 80, 95, 300, 10, 600, true],
  ['Low disk space', 'filesystem_usage', 90, 95, 0, 2, 3600, true],
  ['High system load', 'load_per_core', 2.0, 4.0, 600, 0.5, 900, true],
  ['High temperature', 'temperature', 85, 95, 60, 5, 600, true],
  ['High incoming traffic', 'network_rx', 104857600, null, 300, 10485760, 900, false],
  ['High outgoing traffic', 'network_tx', 104857600, null, 300, 10485760, 900, false],
];

export const BUILTIN_ALERT_RULES = RULE_SEEDS.map(([name, metric, warning, critical, duration, hysteresis, cooldown, enabled]) => ({
  name,
  insertSql(d: Dialect): string {
    const now = new Date().toISOString();
    return insert('alert_rules', {
      id: randomUUID(), name, metric, target: null, warning_threshold: warning, critical_threshold: critical,
      duration_seconds: duration, hysteresis, cooldown_seconds: cooldown, enabled, notify: true, is_builtin: true,
      created_by: null, created_at: now, updated_at: now,
    }, d);
  },
}));
