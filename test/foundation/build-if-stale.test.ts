import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ES module script without types
import { staleParts } from '../../scripts/build-if-stale.mjs';

const names = (root: string) => (staleParts(root) as Array<{ name: string }>).map((p) => p.name);

function tree(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'everyst-build-'));
  for (const [path, ageSeconds] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, '');
    const at = Date.now() / 1000 - ageSeconds;
    utimesSync(file, at, at);
    utimesSync(dirname(file), at, at);
  }
  return root;
}

describe('npm start builds only what is stale', () => {
  it('a fresh clone builds the server and the dashboard', () => {
    expect(names(tree({ 'src/app.ts': 100, 'web/src/main.tsx': 100 }))).toEqual(['server', 'dashboard']);
  });

  it('a built tree builds nothing', () => {
    const root = tree({ 'src/app.ts': 100, 'web/src/main.tsx': 100, 'dist/cli.js': 10, 'web/dist/.vite/manifest.json': 10 });
    expect(names(root)).toEqual([]);
  });

  it('a source newer than its build rebuilds that part only', () => {
    const server = tree({ 'src/app.ts': 100, 'src/http/server.ts': 5, 'web/src/main.tsx': 100, 'dist/cli.js': 10, 'web/dist/.vite/manifest.json': 10 });
    expect(names(server)).toEqual(['server']);
    const web = tree({ 'src/app.ts': 100, 'web/src/main.tsx': 5, 'dist/cli.js': 10, 'web/dist/.vite/manifest.json': 10 });
    expect(names(web)).toEqual(['dashboard']);
  });

  it('a new lock file (dependencies moved) rebuilds both', () => {
    const root = tree({ 'src/app.ts': 100, 'web/src/main.tsx': 100, 'dist/cli.js': 10, 'web/dist/.vite/manifest.json': 10, 'package-lock.json': 5 });
    expect(names(root)).toEqual(['server', 'dashboard']);
  });
});
