import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_PASSWORD, runCli, startCliServer, stopCliServers } from './cli-process.js';
import { LATEST_MIGRATION } from '../../src/db/migrations/index.js';

afterEach(stopCliServers);

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('close', r));
  child.kill('SIGTERM');
  await exited;
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login/`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'olivia', password: CLI_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access: string }).access;
}

const addDevice = (base: string, token: string, label: string) => fetch(`${base}/api/network/devices/`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ label }),
}).then((r) => r.status);

const deviceLabels = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('select label from network_devices order by label').pluck().all() as string[];
  } finally {
    db.close();
  }
};

describe('backup and restore of a SQLite installation', { timeout: 300_000 }, () => {
  it('backs up while the server writes, restores into a fresh data folder with every row, and refuses to restore under a running server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-backup-'));
    const env = { EVERYST_DATA_DIR: dataDir };
    expect((await runCli(['users', 'create', '--username', 'olivia', '--role', 'owner'], env, `${CLI_PASSWORD}\n`)).code).toBe(0);
    const { child, base } = await startCliServer(env);
    const token = await login(base);
    for (let i = 0; i < 20; i++) expect(await addDevice(base, token, `before-${String(i).padStart(3, '0')}`)).toBe(201);

    // Devices keep being added while the backup runs.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        expect(await addDevice(base, token, `during-${String(written).padStart(4, '0')}`)).toBe(201);
        written++;
      }
    })();
    const out = join(mkdtempSync(join(tmpdir(), 'everyst-backup-out-')), 'snapshot.sqlite3');
    const backup = await runCli(['backup', '--out', out], env);
    writing = false;
    await writer;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`to ${out}`);
    expect(written).toBeGreaterThan(0);

    // A consistent snapshot: every device added before, and an unbroken prefix of those added meanwhile.
    const saved = deviceLabels(out);
    expect(saved.filter((l) => l.startsWith('before-'))).toHaveLength(20);
    const during = saved.filter((l) => l.startsWith('during-'));
    expect(during).toEqual(Array.from({ length: during.length }, (_, i) => `during-${String(i).padStart(4, '0')}`));

    // Restoring over the running server is refused, and its database stays as it was.
    const refused = await runCli(['restore', out], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`An Everyst server (pid ${child.pid}, ${base}) is running on sqlite:${join(dataDir, 'everyst.sqlite3')}`);
    expect(refused.stderr).toContain('Stop it before restoring');
    expect(existsSync(join(dataDir, 'everyst.sqlite3.before-restore'))).toBe(false);
    await stop(child);

    // Into a fresh data folder: the server starts on the restored rows.
    const fresh = { EVERYST_DATA_DIR: mkdtempSync(join(tmpdir(), 'everyst-restored-')) };
    const restored = await runCli(['restore', out], fresh);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`schema ${LATEST_MIGRATION}, 1 user`);
    const second = await startCliServer(fresh);
    const listed = await fetch(`${second.base}/api/network/devices/?page_size=1000`, { headers: { authorization: `Bearer ${await login(second.base)}` } });
    const body = (await listed.json()) as { count: number };
    expect(body.count).toBe(saved.length);
    const users = await runCli(['users', 'list', '--json'], fresh);
    expect(JSON.parse(users.stdout)).toEqual([{ username: 'olivia', role: 'owner', active: true, locked_until: null, last_login: expect.any(String) }]);
    await stop(second.child);
  });

  it('restore keeps the replaced database, refuses files that are not Everyst databases or are newer than the code, and a database another process holds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-restore-'));
    const env = { EVERYST_DATA_DIR: dataDir };
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const backupOut = join(dataDir, 'first.sqlite3');
    expect((await runCli(['users', 'create', '--username', 'olivia', '--role', 'owner'], env, `${CLI_PASSWORD}\n`)).code).toBe(0);
    expect((await runCli(['backup', '--out', backupOut], env)).code).toBe(0);
    expect((await runCli(['users', 'create', '--username', 'bob', '--role', 'user'], env, `${CLI_PASSWORD}\n`)).code).toBe(0);

    const notSqlite = join(dataDir, 'notes.txt');
    writeFileSync(notSqlite, 'hello');
    expect(await runCli(['restore', notSqlite], env)).toMatchObject({ code: 1, stderr: `${notSqlite} is not a SQLite database.\n` });
    const other = join(dataDir, 'other.sqlite3');
    new Database(other).exec('create table t (x)').close();
    expect((await runCli(['restore', other], env)).stderr).toContain('is a SQLite database, but not an Everyst one');
    const newer = join(dataDir, 'newer.sqlite3');
    expect((await runCli(['backup', '--out', newer], env)).code).toBe(0);
    new Database(newer).prepare("insert into kysely_migration (name, timestamp) values ('013-from-a-newer-release', 'x')").run();
    expect((await runCli(['restore', newer], env)).stderr).toContain('was written by a newer Everyst release (its schema has 013-from-a-newer-release');

    // Another process (not a server of this data folder) holding the database open.
    const holder = new Database(join(dataDir, 'everyst.sqlite3'));
    holder.pragma('journal_mode = WAL');
    holder.prepare('select count(*) from users').get();
    const held = await runCli(['restore', backupOut], env);
    holder.close();
    expect(held.code).toBe(1);
    expect(held.stderr).toContain('Another process has');

    const restored = await runCli(['restore', backupOut], env);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`kept as ${join(dataDir, 'everyst.sqlite3.before-restore')}`);
    expect(JSON.parse((await runCli(['users', 'list', '--json'], env)).stdout).map((u: { username: string }) => u.username)).toEqual(['olivia']);
    const previous = new Database(join(dataDir, 'everyst.sqlite3.before-restore'), { readonly: true });
    expect(previous.prepare('select username from users order by id').pluck().all()).toEqual(['olivia', 'bob']);
    previous.close();

    expect((await runCli(['restore', '--help'], env)).stdout).toContain('restore FILE');
    expect((await runCli(['backup', '--help'], env)).stdout).toContain('backup [--out FILE]');
    expect((await runCli(['restore'], env)).code).toBe(2);
    expect(await runCli(['backup', '--bogus'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining("everyst: Unknown option '--bogus'") });
  });
});
