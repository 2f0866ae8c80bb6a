import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations/index.js';

/**
 * The SQL each migration renders, pinned. Migrations build on live code (src/db/ddl.ts, src/db/seeds.ts): a change
 * there must not change what an already released migration runs, since databases that ran it would differ from
 * fresh ones. A new migration is added to the snapshot with PIN_NEW_MIGRATIONS=1 (existing entries are never
 * rewritten that way).
 */
const SNAPSHOT = resolve(import.meta.dirname, '../fixtures/migration-sql.json');
type Pinned = Record<string, { sqlite: string[]; postgres: string[] }>;

/** Seeds carry the time they ran at and fresh ids: those parts are not pinned. */
const NOW = /'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z'/g;
const FRESH_ID = /'[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'/g;
const renderFor = (statements: (d: 'sqlite' | 'postgres') => string[], d: 'sqlite' | 'postgres') =>
  statements(d).map((s) => s.replace(NOW, "'<now>'").replace(FRESH_ID, "'<uuid>'"));
const render = (statements: (d: 'sqlite' | 'postgres') => string[]) => ({ sqlite: renderFor(statements, 'sqlite'), postgres: renderFor(statements, 'postgres') });

describe('released migrations', () => {
  const pinned: Pinned = existsSync(SNAPSHOT) ? (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as Pinned) : {};

  it('render exactly the SQL they rendered when released', () => {
    for (const [name, statements] of MIGRATIONS) {
      if (!pinned[name]) continue;
      expect(render(statements), `migration ${name} renders different SQL than it did when released`).toEqual(pinned[name]);
    }
  });

  it('are all pinned, in order, and none pinned is gone', () => {
    const missing = MIGRATIONS.filter(([name]) => !pinned[name]);
    if (missing.length && process.env.PIN_NEW_MIGRATIONS === '1') {
      for (const [name, statements] of missing) pinned[name] = render(statements);
      writeFileSync(SNAPSHOT, JSON.stringify(pinned, null, 1) + '\n');
    }
    expect(Object.keys(pinned)).toEqual(MIGRATIONS.map(([name]) => name));
  });
});
