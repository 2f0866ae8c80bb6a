/**
 * A real server whose data directory is a 2 MiB tmpfs that the test fills up: writes answer 503 `storage_full`
 * (SQLite's SQLITE_FULL and a file write's ENOSPC alike), readiness reports the database not ready, and
 * everything recovers without a restart once space is freed. At start, the message names the file it could not
 * write. Needs root (mount); the mounts are removed in afterAll also when a test fails.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES, multipart } from '../auth/support/http.js';
import { USER_PASSWORD } from '../helpers/factories.js';
import { connectSocket, registerOwner, type RecordingSocket } from '../scale/helpers/clients.js';
import { startEverystProcess, type EverystProcess } from '../scale/helpers/processes.js';

const mounts: string[] = [];

function mountTmpfs(): string {
  const dir = mkdtempSync(join(tmpdir(), 'everyst-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

/** Writes `<dir>/filler` until the filesystem refuses (ENOSPC). */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
}

function skipReason(): string | null {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  try {
    mountTmpfs();
  } catch (e) {
    return `cannot mount a tmpfs: ${(e as Error).message.split('\n')[0]}`;
  } finally {
    unmountAll();
  }
  return null;
}

function unmountAll(): void {
  for (const dir of mounts.splice(0)) {
    try {
      execFileSync('umount', [dir]);
    } catch {
      execFileSync('umount', ['-l', dir]);
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const skip = skipReason();
if (skip) console.warn(`[skip] disk full: ${skip}`);
const STORAGE_FULL = { detail: 'Storage is full.', code: 'storage_full' };

describe.skipIf(skip !== null)('disk full', { timeout: 120_000 }, () => {
  afterAll(unmountAll);

  describe('at run time', () => {
    let dataDir: string;
    let server: EverystProcess;
    let token: string;
    let socket: RecordingSocket;
    const call = async (method: string, path: string, init: { json?: unknown; form?: ReturnType<typeof multipart> } = {}) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(init.json ? { 'content-type': 'application/json' } : init.form?.headers) },
        body: init.json ? JSON.stringify(init.json) : init.form?.payload,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    };
    const notify = (i: number) => call('POST', '/api/notifications/', { json: { title: `Report ${i}`, message: 'x'.repeat(4000), type: 'info' } });
    const upload = () => call('POST', '/api/users/1/profile-image/', { form: multipart([{ name: 'image', filename: 'me.png', type: 'image/png', data: Buffer.concat([IMAGES.png(), Buffer.alloc(64 * 1024)]) }]) });
    const ready = async () => (await fetch(`${server.url}/api/health/ready/`)).status;

    beforeAll(async () => {
      dataDir = mountTmpfs();
      server = await startEverystProcess('serve', 'disk-full', { EVERYST_DATA_DIR: dataDir });
      token = await registerOwner(server.url);
      socket = await connectSocket(server.url, token);
      expect((await call('POST', '/api/users/', { json: { username: 'heir', email: 'heir@example.com', password: USER_PASSWORD, role: 'admin' } })).status).toBe(201);
    });
    afterAll(async () => {
      socket?.close();
      await server?.stop();
    });

    it('answers 503 storage_full to writes, is not ready, and recovers once space is freed', async () => {
      fill(dataDir);
      const answers = [];
      for (let i = 0; i < 20; i++) answers.push(await notify(i));
      const refused = answers.filter((a) => a.status !== 201);
      expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) expect(a).toEqual({ status: 503, body: STORAGE_FULL });

      const ack = await socket.socket.timeout(10_000).emitWithAck('send_notification', { title: 'Over the socket', message: 'x'.repeat(4000), type: 'info' });
      expect(ack).toEqual({ status: 'error', message: 'Storage is full.', error: 'Storage is full.', code: 'storage_full' });

      // One transaction: SQLite rolls it back itself when COMMIT finds no space.
      expect(await call('POST', '/api/users/2/transfer-ownership/', { json: {} })).toEqual({ status: 503, body: STORAGE_FULL });
      expect((await call('GET', '/api/users/me/')).body.role).toBe('owner');

      expect(await upload()).toEqual({ status: 503, body: STORAGE_FULL });
      expect(readdirSync(join(dataDir, 'uploads', 'profile_images'))).toEqual([]);

      expect((await fetch(`${server.url}/api/health/`)).status).toBe(200);
      const readiness = await fetch(`${server.url}/api/health/ready/`);
      expect(readiness.status).toBe(503);
      expect(((await readiness.json()) as { checks: { database: { status: string } } }).checks.database.status).toBe('error');
      expect(server.output()).not.toContain('"unhandled error"');

      rmSync(join(dataDir, 'filler'));
      expect(await ready()).toBe(200);
      expect((await notify(99)).status).toBe(201);
      expect((await upload()).status).toBe(200);
      const ackAfter = await socket.socket.timeout(10_000).emitWithAck('send_notification', { title: 'Back', message: 'Space again', type: 'info' });
      expect(ackAfter).toMatchObject({ status: 'success' });
    });
  });

  describe('at start', () => {
    it('names the secret key file it could not write', async () => {
      const dataDir = mountTmpfs();
      fill(dataDir);
      await expect(startEverystProcess('serve', 'disk-full-start', { EVERYST_DATA_DIR: dataDir, SECRET_KEY: '' }))
        .rejects.toThrow(`Cannot write ${join(dataDir, 'secret_key')}: no space left on device`);
      expect(readdirSync(dataDir)).toEqual(['filler']);
    });

    it('names the SQLite file it could not write', async () => {
      const dataDir = mountTmpfs();
      fill(dataDir);
      await expect(startEverystProcess('serve', 'disk-full-start', { EVERYST_DATA_DIR: dataDir }))
        .rejects.toThrow(`Cannot write ${join(dataDir, 'everyst.sqlite3')}: no space left on device`);
    });
  });
});
