import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PASSWORD, runCli, startCliServer, stopCliServers } from './cli-process.js';
import { createPostgresSchema, postgresReachable } from '../helpers/databases.js';

afterEach(stopCliServers);

const login = (base: string, username: string, password: string) => fetch(`${base}/api/auth/login/`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
}).then((r) => r.status);

// About twenty CLI runs from source: slow on a loaded 2-core machine.
describe('users list and set-role', { timeout: 300_000 }, () => {
  it('lists users with role, state, lockout and last login; set-role never leaves the system without its owner', async () => {
    const env = { EVERYST_DATA_DIR: mkdtempSync(join(tmpdir(), 'everyst-users-')), MAX_LOGIN_ATTEMPTS: '3' };
    expect((await runCli(['users', 'list'], env)).stdout).toContain('No users yet');
    expect((await runCli(['users', 'create', '--username', 'olivia', '--role', 'owner'], env, `${CLI_PASSWORD}\n`)).code).toBe(0);
    expect((await runCli(['users', 'create', '--username', 'bob', '--role', 'user'], env, `${CLI_PASSWORD}\n`)).code).toBe(0);

    const { child, base } = await startCliServer(env);
    expect(await login(base, 'olivia', CLI_PASSWORD)).toBe(200);
    for (let i = 0; i < 3; i++) expect(await login(base, 'bob', 'Wrong-Password-123')).toBe(401);
    child.kill('SIGTERM');

    const table = await runCli(['users', 'list'], env);
    expect(table.code).toBe(0);
    const rows = table.stdout.trimEnd().split('\n');
    expect(rows[0].split(/\s{2,}/)).toEqual(['USERNAME', 'ROLE', 'ACTIVE', 'LOCKED', 'LAST LOGIN']);
    expect(rows[1].split(/\s{2,}/)).toEqual(['olivia', 'owner', 'yes', 'no', expect.stringMatching(/^\d{4}-\d\d-\d\dT/)]);
    expect(rows[2].split(/\s{2,}/)).toEqual(['bob', 'user', 'yes', expect.stringMatching(/^until \d{4}-/), 'never']);
    const json = JSON.parse((await runCli(['users', 'list', '--json'], env)).stdout) as Array<Record<string, unknown>>;
    expect(json.map((u) => [u.username, u.role, u.active, typeof u.locked_until, typeof u.last_login]))
      .toEqual([['olivia', 'owner', true, 'object', 'string'], ['bob', 'user', true, 'string', 'object']]);

    expect((await runCli(['users', 'unlock', 'bob'], env)).code).toBe(0);
    expect(JSON.parse((await runCli(['users', 'list', '--json'], env)).stdout)[1].locked_until).toBeNull();

    const demoteOwner = await runCli(['users', 'set-role', 'olivia', 'admin'], env);
    expect(demoteOwner.code).toBe(1);
    expect(demoteOwner.stderr).toContain('olivia is the system owner, and there must always be one. Make another user the owner first');
    const badRole = await runCli(['users', 'set-role', 'bob', 'wizard'], env);
    expect(badRole.stderr).toContain("Role 'wizard' does not exist (roles: owner, admin, manager, user, viewer)");
    expect((await runCli(['users', 'set-role', 'nobody', 'user'], env)).stderr).toContain('No user named "nobody"');

    expect((await runCli(['users', 'set-role', 'bob', 'manager'], env)).stdout).toBe('bob now has the role manager.\n');
    expect((await runCli(['users', 'set-role', 'bob', 'owner'], env)).stdout).toBe('bob now has the role owner.\n');
    const after = JSON.parse((await runCli(['users', 'list', '--json'], env)).stdout) as Array<{ username: string; role: string }>;
    expect(after.map((u) => [u.username, u.role])).toEqual([['olivia', 'admin'], ['bob', 'owner']]);
    expect((await runCli(['users', 'set-role', '--help'], env)).stdout).toContain('users set-role U ROLE');
  });
});

describe.runIf(await postgresReachable())('backup on PostgreSQL', { timeout: 120_000 }, () => {
  it('drives pg_dump into a custom-format dump of the schema, and says how without it', async () => {
    const schema = await createPostgresSchema();
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-pgdump-'));
    const env = { EVERYST_DATA_DIR: dataDir, DATABASE_URL: schema.url };
    try {
      expect((await runCli(['users', 'create', '--username', 'olivia', '--role', 'owner'], env, `${CLI_PASSWORD}\n`)).code).toBe(0);
      const out = join(dataDir, 'everyst.dump');
      const dumped = await runCli(['backup', '--out', out], env);
      expect(dumped.stderr).toBe('');
      expect(dumped.code).toBe(0);
      expect(dumped.stdout).toContain('pg_dump custom format');
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('PGDMP');
      const listing = spawnSync('pg_restore', ['--list', out], { encoding: 'utf8' });
      const searchPath = /search_path=(\w+)/.exec(decodeURIComponent(schema.url))![1];
      expect(listing.stdout).toContain(`TABLE DATA ${searchPath} users`);
      expect(listing.stdout).toContain(`TABLE DATA ${searchPath} kysely_migration`);

      const without = await runCli(['backup', '--out', out], { ...env, PATH: '/nonexistent' });
      expect(without.code).toBe(1);
      expect(without.stderr).toContain('pg_dump is not installed');
      expect(without.stderr).toContain(`--schema=${searchPath}`);

      const restore = await runCli(['restore', out], env);
      expect(restore.code).toBe(2);
      expect(restore.stderr).toContain('pg_restore --clean --if-exists --no-owner');
    } finally {
      await schema.drop();
    }
  });
});
