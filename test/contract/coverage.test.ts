import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractSpecTables, findSpecDir, routeKey, specEvents, specRoutes, specTables } from './spec-index.js';

const HERE = dirname(fileURLToPath(import.meta.url));

/** `contract('METHOD path', …)` and `contractEvent('name', …)` calls written in the contract test files. */
function coveredInSources(dir = HERE): { routes: Set<string>; events: Set<string> } {
  const routes = new Set<string>();
  const events = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.test.ts') && f !== 'coverage.test.ts')) {
    const source = readFileSync(join(dir, file), 'utf8');
    for (const [, method, path] of source.matchAll(/\bcontract\(\s*'([A-Z]+) ([^']*)'/g)) routes.add(routeKey(method, path));
    for (const [, name] of source.matchAll(/\bcontractEvent\(\s*'([a-z_]+)'/g)) events.add(name);
  }
  return { routes, events };
}

describe('contract coverage of the spec', () => {
  const covered = coveredInSources();
  const spec = specRoutes();
  const { clientToServer, serverToClient } = specEvents();

  const specDir = findSpecDir();
  it.skipIf(!specDir)('keeps its copy of the spec tables equal to the specification (spec-tables.json)', () => {
    expect(specTables(), 'spec-tables.json is out of date: npx tsx test/contract/update-spec-tables.ts').toEqual(extractSpecTables(specDir!));
  });

  it('reads the spec tables (sanity: they are not silently empty)', () => {
    expect(spec.length).toBeGreaterThan(110);
    expect(spec).toContain('GET users/{}');
    expect(spec).toContain('POST tools/ssl-check');
    expect(spec).toContain('GET security/history');
    expect(spec).toContain('GET /metrics');
    expect(clientToServer.length).toBeGreaterThanOrEqual(16);
    expect(serverToClient.length).toBeGreaterThanOrEqual(9);
  });

  it('has a contract test for every route of rest.md, security.md §3 and metrics.md §6', () => {
    expect(spec.filter((key) => !covered.routes.has(key))).toEqual([]);
  });

  it('has a contract test for every event of realtime.md §4 and §6', () => {
    const events = [...clientToServer, ...serverToClient];
    expect(events.filter((name) => !covered.events.has(name))).toEqual([]);
  });

  it('names only routes and events the spec has (no typos)', () => {
    expect([...covered.routes].filter((key) => !spec.includes(key))).toEqual([]);
    expect([...covered.events].filter((name) => ![...clientToServer, ...serverToClient].includes(name))).toEqual([]);
  });

  it('describes every event in docs/events.md', () => {
    const docs = readFileSync(join(HERE, '../../docs/events.md'), 'utf8');
    // Rows of the two event tables (five columns); the scan_progress key table has three.
    const rows = docs.split('\n').filter((line) => line.split(/(?<!\\)\|/).length === 7);
    const described = rows.map((line) => /^\| `([a-z_]+)` \|/.exec(line)?.[1]).filter((name): name is string => !!name);
    expect(described.sort()).toEqual([...clientToServer, ...serverToClient].sort());
  });

  it('would report a spec route whose test is removed', () => {
    const partial = new Set([...covered.routes].filter((key) => key !== 'GET users/{}'));
    expect(spec.filter((key) => !partial.has(key))).toContain('GET users/{}');
  });
});
