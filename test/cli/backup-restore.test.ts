import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { LATEST_MIGRATION } from '../../src/db/migrations/index.js';

const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
const PASSWORD = 'Violet-Harbor-Engine-77';
const BASE_ENV = { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', LOG_LEVEL: 'silent' };

interface Run { code: number | null; stdout: string; stderr: string }

function run(args: string[], env: Record<string, string>, stdin = ''): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...BASE_ENV, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(stdin);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

const servers: ChildProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.kill('SIGKILL');
});

/** A real server on a free loopback port; resolves once it listens. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: { ...BASE_ENV, ...env, API_HOST: '127.0.0.1', API_PORT: '0', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.push(child);
  let out = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /"port":(\d+)/.exec(out);
      if (match) resolvePort(Number(match[1]));
    });
    child.on('close', () => reject(new Error(`server exited early: ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('close', r));
  child.kill('SIGTERM');
  await exited;
}

async function login(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login/`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'olivia', password: PASSWORD }),
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
    expect((await run(['users', 'create', '--username', 'olivia', '--role', 'owner'], env, `${PASSWORD}\n`)).code).toBe(0);
    const { child, base } = await startServer(env);
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
    const backup = await run(['backup', '--out', out], env);
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
    const refused = await run(['restore', out], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`An Everyst server (pid ${child.pid}, ${base}) is running on sqlite:${join(dataDir, 'everyst.sqlite3')}`);
    expect(refused.stderr).toContain('Stop it before restoring');
    expect(existsSync(join(dataDir, 'everyst.sqlite3.before-restore'))).toBe(false);
    await stop(child);

    // Into a fresh data folder: the server starts on the restored rows.
    const fresh = { EVERYST_DATA_DIR: mkdtempSync(join(tmpdir(), 'everyst-restored-')) };
    const restored = await run(['restore', out], fresh);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`schema ${LATEST_MIGRATION}, 1 user`);
    const second = await startServer(fresh);
    const listed = await fetch(`${second.base}/api/network/devices/?page_size=1000`, { headers: { authorization: `Bearer ${await login(second.base)}` } });
    const body = (await listed.json()) as { count: number };
    expect(body.count).toBe(saved.length);
    const users = await run(['users', 'list', '--json'], fresh);
    expect(JSON.parse(users.stdout)).toEqual([{ username: 'olivia', role: 'owner', active: true, locked_until: null, last_login: expect.any(String) }]);
    await stop(second.child);
  });

  it('restore keeps the replaced database, refuses files that are not Everyst databases or are newer than the code, and a database another process holds', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-restore-'));
    const env = { EVERYST_DATA_DIR: dataDir };
    expect((await run(['migrate'], env)).code).toBe(0);
    const backupOut = join(dataDir, 'first.sqlite3');
    expect((await run(['users', 'create', '--username', 'olivia', '--role', 'owner'], env, `${PASSWORD}\n`)).code).toBe(0);
    expect((await run(['backup', '--out', backupOut], env)).code).toBe(0);
    expect((await run(['users', 'create', '--username', 'bob', '--role', 'user'], env, `${PASSWORD}\n`)).code).toBe(0);

    const notSqlite = join(dataDir, 'notes.txt');
    writeFileSync(notSqlite, 'hello');
    expect(await run(['restore', notSqlite], env)).toMatchObject({ code: 1, stderr: `${notSqlite} is not a SQLite database.\n` });
    const other = join(dataDir, 'other.sqlite3');
    new Database(other).exec('create table t (x)').close();
    expect((await run(['restore', other], env)).stderr).toContain('is a SQLite database, but not an Everyst one');
    const newer = join(dataDir, 'newer.sqlite3');
    expect((await run(['backup', '--out', newer], env)).code).toBe(0);
    new Database(newer).prepare("insert into kysely_migration (name, timestamp) values ('013-from-a-newer-release', 'x')").run();
    expect((await run(['restore', newer], env)).stderr).toContain('was written by a newer Everyst release (its schema has 013-from-a-newer-release');

    // Another process (not a server of this data folder) holding the database open.
    const holder = new Database(join(dataDir, 'everyst.sqlite3'));
    holder.pragma('journal_mode = WAL');
    holder.prepare('select count(*) from users').get();
    const held = await run(['restore', backupOut], env);
    holder.close();
    expect(held.code).toBe(1);
    expect(held.stderr).toContain('Another process has');

    const restored = await run(['restore', backupOut], env);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`kept as ${join(dataDir, 'everyst.sqlite3.before-restore')}`);
    expect(JSON.parse((await run(['users', 'list', '--json'], env)).stdout).map((u: { username: string }) => u.username)).toEqual(['olivia']);
    const previous = new Database(join(dataDir, 'everyst.sqlite3.before-restore'), { readonly: true });
    expect(previous.prepare('select username from users order by id').pluck().all()).toEqual(['olivia', 'bob']);
    previous.close();

    expect((await run(['restore', '--help'], env)).stdout).toContain('restore FILE');
    expect((await run(['backup', '--help'], env)).stdout).toContain('backup [--out FILE]');
    expect((await run(['restore'], env)).code).toBe(2);
    expect(await run(['backup', '--bogus'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining("everyst: Unknown option '--bogus'") });
  });
});
