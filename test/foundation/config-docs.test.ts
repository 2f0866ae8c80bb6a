import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

/** Variables the configuration code reads: every `r.get('NAME', …)` / `r.raw('NAME')` in src/config/. */
function readByCode(): string[] {
  const dir = join(ROOT, 'src/config');
  const sources = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  return sorted([...sources.matchAll(/\br\.(?:get|raw)\(\s*'([A-Z][A-Z0-9_]*)'/g)].map((m) => m[1]));
}

/** Variables named in the first cell of a table row of docs/configuration.md (`| `A`, `B` | …`). */
function documented(): string[] {
  const rows = read('docs/configuration.md').split('\n').filter((l) => l.startsWith('| `'));
  return sorted(rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])));
}

const inEnvExample = () => sorted([...read('.env.example').matchAll(/^# ([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]));

describe('configuration reference', () => {
  it('documents in docs/configuration.md exactly the variables the server reads', () => {
    const code = readByCode();
    expect(code.length).toBeGreaterThan(50);
    expect(documented()).toEqual(code);
  });

  it('lists the same variables in .env.example', () => {
    expect(inEnvExample()).toEqual(readByCode());
  });
});
