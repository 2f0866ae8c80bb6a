import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Reads the route and event tables of the specification, so the coverage test compares the contract suite with
 * the spec itself rather than with a hand-kept list.
 */
export const SPEC_DIR = process.env.EVERYST_SPEC_DIR
  ?? [resolve(import.meta.dirname, '../../../shared/spec'), '/work/shared/spec'].find((dir) => existsSync(join(dir, 'rest.md')))
  ?? resolve(import.meta.dirname, '../../../shared/spec');

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

const read = (file: string) => readFileSync(join(SPEC_DIR, file), 'utf8');

/** Every (method, path) the spec's route tables name: rest.md §2–§10, security.md §3, metrics.md §6. */
export function specRoutes(): string[] {
  const rest = read('rest.md');
  const keys: string[] = [];
  for (const heading of ['## 2.', '## 3.', '## 4.', '## 5.', '## 6.', '## 7.', '## 8.', '## 9.']) {
    for (const cell of firstCells(section(rest, heading))) keys.push(...routesOfCell(cell));
  }
  for (const cell of firstCells(section(rest, '## 10.'))) keys.push(...routesOfCell(cell, 'POST'));
  for (const cell of firstCells(section(read('security.md'), '## 3.'))) keys.push(...routesOfCell(cell));
  const prometheus = /`GET (\/metrics)`/.exec(section(read('metrics.md'), '## 6.'));
  if (prometheus) keys.push(routeKey('GET', prometheus[1]));
  return [...new Set(keys)];
}

/** Event names of realtime.md §4 (client → server) and §6 (server → client). */
export function specEvents(): { clientToServer: string[]; serverToClient: string[] } {
  const realtime = read('realtime.md');
  const names = (text: string) => firstCells(text).map((c) => /^`([a-z_]+)`$/.exec(c)?.[1]).filter((n): n is string => !!n);
  return {
    clientToServer: names(section(realtime, '## 4.', true)),
    serverToClient: names(section(realtime, '## 6.', true)),
  };
}
