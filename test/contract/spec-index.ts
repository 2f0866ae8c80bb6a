import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The route and event tables of the specification, as the contract coverage test needs them. The repository
 * keeps a copy (`spec-tables.json`, written by `update-spec-tables.ts`) so the test runs on a fresh clone; when
 * the specification's own checkout is at hand (`EVERYST_SPEC_DIR`, or the specification checked out beside this
 * repository) the coverage test also checks that the copy still equals what the specification says.
 */
export interface SpecTables {
  about: string;
  /** Every (method, path) of the route tables, as `routeKey` spells them. */
  routes: string[];
  events: { clientToServer: string[]; serverToClient: string[] };
}

const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const SPEC_TABLES_FILE = join(import.meta.dirname, 'spec-tables.json');

/** The specification folder when one is available, else null (a fresh clone). */
export function findSpecDir(): string | null {
  const candidates = [process.env.EVERYST_SPEC_DIR, resolve(REPO_ROOT, '..', 'shared', 'spec')];
  return candidates.find((dir): dir is string => !!dir && existsSync(join(dir, 'rest.md'))) ?? null;
}

/** The copy kept in the repository. */
export function specTables(): SpecTables {
  return JSON.parse(readFileSync(SPEC_TABLES_FILE, 'utf8')) as SpecTables;
}

export const specRoutes = (): string[] => specTables().routes;
export const specEvents = (): SpecTables['events'] => specTables().events;

const METHOD = /^(GET|POST|PUT|PATCH|DELETE)(\/(GET|POST|PUT|PATCH|DELETE))*$/;

/** `METHOD path` in one spelling: spec params as `{}`, `_` as `-`, no surrounding slashes, `/api/` root as ''. */
export function routeKey(method: string, path: string): string {
  let p = path.trim();
  if (p.startsWith('/api/v1/')) p = p.slice('/api/v1/'.length);
  else if (p.startsWith('/api/')) p = p.slice('/api/'.length);
  const outside = p.startsWith('/');
  const segments = p.split('/').filter(Boolean).map((s) => (s.startsWith('{') || s.startsWith(':') ? '{}' : s.replace(/_/g, '-')));
  return `${method.toUpperCase()} ${outside ? '/' : ''}${segments.join('/')}`;
}

/** The text between a heading that starts with `start` and the next heading of the same or a higher level. */
function section(text: string, start: string, stopAtSubsection = false): string {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith(start));
  if (from < 0) throw new Error(`spec section "${start}" not found`);
  const level = start.split(' ')[0].length;
  const end = lines.findIndex((l, i) => {
    if (i <= from) return false;
    const m = /^(#+) /.exec(l);
    return !!m && (m[1].length <= level || stopAtSubsection);
  });
  return lines.slice(from + 1, end < 0 ? undefined : end).join('\n');
}

const firstCells = (text: string): string[] =>
  text.split('\n').filter((l) => l.startsWith('|') && !/^\|[-| ]+\|$/.test(l)).map((l) => l.split('|')[1].trim());

/** Route keys named by one first cell, e.g. "`PUT notifications/preferences/`, `PATCH …`" or "`GET/PUT x/{id}/`". */
function routesOfCell(cell: string, impliedMethod?: string): string[] {
  const keys: string[] = [];
  let lastPath = '';
  for (const [, code] of cell.matchAll(/`([^`]+)`/g)) {
    const parts = code.trim().split(/\s+/);
    let methods: string[];
    let path: string;
    if (parts.length === 2 && METHOD.test(parts[0])) {
      methods = parts[0].split('/');
      path = parts[1] === '…' ? lastPath : parts[1];
    } else if (parts.length === 1 && impliedMethod && parts[0].includes('/')) {
      methods = [impliedMethod];
      path = parts[0];
    } else continue;
    lastPath = path;
    for (const m of methods) keys.push(routeKey(m, path));
  }
  return keys;
}

/** Reads the tables from the specification's markdown: rest.md §2–§10, security.md §3, metrics.md §6, realtime.md §4 and §6. */
export function extractSpecTables(specDir: string): SpecTables {
  const read = (file: string) => readFileSync(join(specDir, file), 'utf8');
  const rest = read('rest.md');
  const routes: string[] = [];
  for (const heading of ['## 2.', '## 3.', '## 4.', '## 5.', '## 6.', '## 7.', '## 8.', '## 9.']) {
    for (const cell of firstCells(section(rest, heading))) routes.push(...routesOfCell(cell));
  }
  for (const cell of firstCells(section(rest, '## 10.'))) routes.push(...routesOfCell(cell, 'POST'));
  for (const cell of firstCells(section(read('security.md'), '## 3.'))) routes.push(...routesOfCell(cell));
  const prometheus = /`GET (\/metrics)`/.exec(section(read('metrics.md'), '## 6.'));
  if (prometheus) routes.push(routeKey('GET', prometheus[1]));

  const realtime = read('realtime.md');
  const names = (text: string) => firstCells(text).map((c) => /^`([a-z_]+)`$/.exec(c)?.[1]).filter((n): n is string => !!n);
  return {
    about: 'Route and event tables of the Everyst specification, read by test/contract/coverage.test.ts. Regenerate with: npx tsx test/contract/update-spec-tables.ts <spec folder>',
    routes: [...new Set(routes)],
    events: { clientToServer: names(section(realtime, '## 4.', true)), serverToClient: names(section(realtime, '## 6.', true)) },
  };
}
