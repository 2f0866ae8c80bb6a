/**
 * The layering rule of src/ (issue #23), checked without dependency-cruiser:
 * - the infrastructure layers (http, auth, db, realtime, system) never import from src/modules/;
 * - a module (src/modules/<a>/) never imports another module's repository, nor queries the tables of another
 *   module's domain, nor the account tables (users, roles, sessions, login attempts), which only the account store
 *   (src/auth/accounts/) queries;
 * - no runtime import cycle (type-only imports count for the layers, not for cycles).
 * Usage: `tsx scripts/check-layers.ts [root]` (default: the repository); prints `file → import: rule` per
 * violation and exits 1 when there is any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface Violation {
  file: string;
  target: string;
  rule: string;
}

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

const LOWER_LAYERS = ['http', 'auth', 'db', 'realtime', 'system'];

/**
 * Who each table belongs to; tables not listed (job_locks, change_counters) are shared infrastructure. A string is
 * the module (src/modules/<owner>/) that alone queries it. The account tables belong to the auth layer's account
 * store: only src/auth/accounts/ queries them, and every module (the auth module included) goes through its
 * repositories; `domain` is what a violation calls them.
 */
type Owner = string | { store: string; domain: string };
const accountStore = (domain: string): Owner => ({ store: 'auth/accounts', domain });
const TABLE_OWNERS: Record<string, Owner> = {
  roles: accountStore('roles'),
  users: accountStore('users'), password_history: accountStore('users'),
  sessions: accountStore('auth'), login_attempts: accountStore('auth'), login_lockout_resets: accountStore('auth'),
  network_devices: 'network', network_connections: 'network', connection_suppressions: 'network',
  network_scans: 'network', network_scan_devices: 'network', network_device_presence: 'network', network_device_changes: 'network',
  network_scan_schedules: 'network',
  system_metrics: 'metrics',
  alert_rules: 'alerts', alerts: 'alerts',
  security_snapshots: 'security',
  notifications: 'notifications', notification_receipts: 'notifications', notification_preferences: 'notifications',
  deliveries: 'notifications',
  webhooks: 'notifications', smtp_settings: 'notifications', channels: 'notifications',
  monitors: 'monitors', maintenance_windows: 'monitors', status_pages: 'monitors',
  monitor_heartbeats: 'monitors', monitor_minutes: 'monitors', monitor_hours: 'monitors', monitor_days: 'monitors', monitor_incidents: 'monitors',
  agents: 'agents',
};

/** Why a module may not query `table`, or null when it may. */
function tableRule(moduleName: string, table: string): string | null {
  const owner = TABLE_OWNERS[table];
  if (!owner) return null;
  if (typeof owner === 'string') return owner === moduleName ? null : `module ${moduleName} must not query the tables of ${owner}`;
  return owner.domain === moduleName
    ? `module ${moduleName} must query the tables of ${owner.domain} through the account store (src/${owner.store}/)`
    : `module ${moduleName} must not query the tables of ${owner.domain}`;
}

const TABLE_CALL = /\b(?:selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|innerJoin|leftJoin|rightJoin|fullJoin)\(\s*'([a-z_]+)(?:\s+as\s+\w+)?'/g;

/** The source with comments blanked out (strings and template literals kept, so specifiers stay readable). */
export function stripComments(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; ) {
    const ch = source[i];
    const next = source[i + 1];
    if (ch === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (ch === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== ch) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Every import of a file: static imports and re-exports (with whether they are type-only) and dynamic imports. */
export function importsOf(source: string): Array<{ specifier: string; typeOnly: boolean }> {
  const code = stripComments(source);
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  const statement = /(?:^|[;\n}])\s*(import|export)\s+(type\s+)?([^;'"`]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of code.matchAll(statement)) {
    const clause = m[3].trim();
    const named = /^\{([\s\S]*)\}$/.exec(clause);
    const allTypes = named !== null && named[1].split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    found.push({ specifier: m[4], typeOnly: Boolean(m[2]) || allTypes });
  }
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*['"]([^'"]+)['"]/g)) found.push({ specifier: m[1], typeOnly: false });
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ specifier: m[1], typeOnly: false });
  return found;
}

function tsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return tsFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The file a relative specifier names (`./x.js` → `x.ts`, a folder → its index.ts); null outside the tree. */
function resolveImport(from: string, specifier: string, known: Set<string>): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(from), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), base, `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => known.has(c)) ?? null;
}

/** `['modules', 'tools', ...]` for src/modules/tools/x.ts. */
const partsOf = (src: string, file: string) => relative(src, file).split(sep);

/** Strongly connected components (Tarjan) of the runtime import graph with more than one file, or a self-import. */
function cycles(files: string[], edges: Edge[]): string[][] {
  const out = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const e of edges) if (!e.typeOnly) out.get(e.from)!.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string) => {
    // Iterative, so deep import chains cannot overflow the call stack.
    const work: Array<{ node: string; next: number }> = [{ node: v, next: 0 }];
    index.set(v, counter); low.set(v, counter); counter++; stack.push(v); onStack.add(v);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = out.get(frame.node)!;
      if (frame.next < targets.length) {
        const w = targets[frame.next++];
        if (!index.has(w)) {
          index.set(w, counter); low.set(w, counter); counter++; stack.push(w); onStack.add(w);
          work.push({ node: w, next: 0 });
        } else if (onStack.has(w)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(w)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.node);
        if (component.length > 1 || targets.includes(frame.node)) components.push(component);
      }
    }
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return components;
}

/** Every violation of the layering rule in `<root>/src`. */
export function checkLayers(root: string): Violation[] {
  const src = join(root, 'src');
  const files = tsFiles(src).sort();
  const known = new Set(files);
  const edges: Edge[] = [];
  const violations: Violation[] = [];
  const show = (file: string) => relative(root, file).split(sep).join('/');

  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const [layer, moduleName] = partsOf(src, file);
    for (const { specifier, typeOnly } of importsOf(source)) {
      const target = resolveImport(file, specifier, known);
      if (!target) continue;
      edges.push({ from: file, to: target, typeOnly });
      const [targetLayer, targetModule] = partsOf(src, target);
      if (LOWER_LAYERS.includes(layer) && targetLayer === 'modules') {
        violations.push({ file: show(file), target: specifier, rule: `src/${layer}/ must not import from src/modules/` });
      }
      if (layer === 'modules' && targetLayer === 'modules' && targetModule !== moduleName && target.endsWith('.repository.ts')) {
        violations.push({ file: show(file), target: specifier, rule: `module ${moduleName} must not use the repository of module ${targetModule}` });
      }
    }
    if (layer === 'modules' && moduleName && !moduleName.endsWith('.ts')) {
      const code = stripComments(source);
      for (const m of code.matchAll(TABLE_CALL)) {
        const rule = tableRule(moduleName, m[1]);
        if (rule) violations.push({ file: show(file), target: `${m[1]} (table)`, rule });
      }
    }
  }

  for (const component of cycles(files, edges)) {
    const members = new Set(component);
    const ring = component.map(show).sort().join(', ');
    for (const e of edges) {
      if (!e.typeOnly && members.has(e.from) && members.has(e.to)) {
        violations.push({ file: show(e.from), target: show(e.to), rule: `runtime import cycle (${ring})` });
      }
    }
  }
  const unique = new Map(violations.map((v) => [`${v.file}\u0000${v.target}\u0000${v.rule}`, v]));
  return [...unique.values()];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(process.argv[2] ?? join(import.meta.dirname, '..'));
  const found = checkLayers(root);
  for (const v of found) console.log(`${v.file} → ${v.target}: ${v.rule}`);
  if (found.length > 0) {
    console.error(`check-layers: ${found.length} violation(s)`);
    process.exit(1);
  }
  console.log('check-layers: ok');
}
