/**
 * The layering checker (scripts/check-layers.ts) on small planted trees: an upward import, another module's
 * repository, another domain's table (the account tables outside the account store) and a runtime cycle fail it;
 * type-only cycles and downward imports do not.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkLayers, importsOf } from '../../scripts/check-layers.js';

const repo = resolve(import.meta.dirname, '../..');
const roots: string[] = [];

/** A tree with a few real files of the repository plus the planted ones. */
function plant(files: Record<string, string>, copied: string[] = ['src/errors.ts', 'src/http/schema-kit.ts']): string {
  const root = mkdtempSync(join(tmpdir(), 'everyst-layers-'));
  roots.push(root);
  for (const file of copied) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    cpSync(join(repo, file), join(root, file));
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const lines = (root: string) => checkLayers(root).map((v) => `${v.file} → ${v.target}: ${v.rule}`);

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('the layering rule', () => {
  it('passes a clean tree: modules import downwards, type-only cycles are no cycles', () => {
    const root = plant({
      'src/modules/a/a.service.ts': "import { Invalid } from '../../errors.js';\nimport type { B } from '../b/b.service.js';\nexport class A { b?: B; e = Invalid; }\n",
      'src/modules/b/b.service.ts': "import type { A } from '../a/a.service.js';\nexport class B { a?: A; }\n",
      'src/modules/a/a.repository.ts': "export const x = (db: any) => db.selectFrom('job_locks');\n",
      'src/http/uses-kit.ts': "import { object } from './schema-kit.js';\n// import { A } from '../modules/a/a.service.js';\nexport const s = object({});\n",
    });
    expect(lines(root)).toEqual([]);
  });

  it('fails an upward import, even a type-only one, and another module\'s repository and tables', () => {
    const root = plant({
      'src/modules/users/users.repository.ts': "export class UsersRepository {}\n",
      'src/modules/users/users.presenter.ts': "export type UserOut = { id: number };\n",
      'src/http/upward.ts': "import type { UserOut } from '../modules/users/users.presenter.js';\nexport type X = UserOut;\n",
      'src/system/dynamic.ts': "export const load = () => import('../modules/users/users.repository.js');\n",
      'src/modules/roles/roles.service.ts': "import { UsersRepository } from '../users/users.repository.js';\nexport const r = (db: any) => [UsersRepository, db.selectFrom('users as u')];\n",
    });
    expect(lines(root).sort()).toEqual([
      'src/http/upward.ts → ../modules/users/users.presenter.js: src/http/ must not import from src/modules/',
      'src/modules/roles/roles.service.ts → ../users/users.repository.js: module roles must not use the repository of module users',
      'src/modules/roles/roles.service.ts → users (table): module roles must not query the tables of users',
      'src/system/dynamic.ts → ../modules/users/users.repository.js: src/system/ must not import from src/modules/',
    ]);
  });

  it('lets only the account store query the account tables, and no module, the users and auth modules included', () => {
    const root = plant({
      'src/auth/accounts/users.repository.ts': "export const u = (db: any) => [db.selectFrom('users'), db.insertInto('password_history')];\n",
      'src/auth/accounts/login-attempts.repository.ts': "export const l = (db: any) => db.selectFrom('login_attempts');\n",
      'src/modules/users/history.ts': "export const h = (db: any) => db.deleteFrom('password_history');\n",
      'src/modules/auth/sessions.ts': "export const s = (db: any) => db.updateTable('sessions');\n",
      'src/modules/notifications/integrations/hooks.repository.ts': "export const w = (db: any) => [db.selectFrom('webhooks'), db.selectFrom('smtp_settings')];\n",
      'src/modules/metrics/facts.ts': "export const f = (db: any) => db.selectFrom('login_attempts');\n",
    });
    expect(lines(root).sort()).toEqual([
      'src/modules/auth/sessions.ts → sessions (table): module auth must query the tables of auth through the account store (src/auth/accounts/)',
      'src/modules/metrics/facts.ts → login_attempts (table): module metrics must not query the tables of auth',
      'src/modules/users/history.ts → password_history (table): module users must query the tables of users through the account store (src/auth/accounts/)',
    ]);
  });

  it('fails a runtime import cycle, printing each of its edges, and exits 1 from the command line', () => {
    const root = plant({
      'src/jobs/one.ts': "import { two } from './two.js';\nexport const one = () => two;\n",
      'src/jobs/two.ts': "export { three as two } from './three.js';\n",
      'src/jobs/three.ts': "import './one.js';\nexport const three = 3;\n",
    });
    const ring = '(src/jobs/one.ts, src/jobs/three.ts, src/jobs/two.ts)';
    expect(lines(root).sort()).toEqual([
      `src/jobs/one.ts → src/jobs/two.ts: runtime import cycle ${ring}`,
      `src/jobs/three.ts → src/jobs/one.ts: runtime import cycle ${ring}`,
      `src/jobs/two.ts → src/jobs/three.ts: runtime import cycle ${ring}`,
    ]);
    let status = 0;
    let out = '';
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'scripts/check-layers.ts'), root], { stdio: 'pipe' });
    } catch (error) {
      status = (error as { status: number }).status;
      out = String((error as { stdout: Buffer }).stdout);
    }
    expect(status).toBe(1);
    expect(out).toContain(`src/jobs/one.ts → src/jobs/two.ts: runtime import cycle ${ring}`);
  });

  it('reads type-only imports apart from runtime ones', () => {
    expect(importsOf([
      "import type { A } from './a.js';",
      "import { type B, type C } from './b.js';",
      "import { type D, E } from './d.js';",
      "export type { F } from './f.js';",
      "export * from './g.js';",
      "const s = 'import x from \"./not-an-import.js\"';",
      '/* import { H } from "./h.js"; */',
    ].join('\n'))).toEqual([
      { specifier: './a.js', typeOnly: true },
      { specifier: './b.js', typeOnly: true },
      { specifier: './d.js', typeOnly: false },
      { specifier: './f.js', typeOnly: true },
      { specifier: './g.js', typeOnly: false },
    ]);
  });
});
