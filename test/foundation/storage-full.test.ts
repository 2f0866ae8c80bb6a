/**
 * The one classification of "a write failed for lack of space", with the drivers' real error objects where
 * they can be produced here: PostgreSQL's disk_full (SQLSTATE 53100) raised by the server itself, and
 * better-sqlite3's SQLITE_FULL from a database that may not grow. (The disk-full test fills a real disk.)
 */
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { toHttpError } from '../../src/http/error-handler.js';
import { isStorageFull, StorageState } from '../../src/runtime/storage-full.js';
import { POSTGRES_URL, postgresReachable } from '../helpers/databases.js';

const STORAGE_FULL = { detail: 'Storage is full.', code: 'storage_full' };
const noPostgres = !(await postgresReachable());

async function postgresDiskFull(): Promise<unknown> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`do $$ begin raise exception 'could not extend file' using errcode = 'disk_full'; end $$`);
  } catch (e) {
    return e;
  } finally {
    await client.end();
  }
  throw new Error('no error raised');
}

describe('storage full', () => {
  it.skipIf(noPostgres)('maps PostgreSQL disk_full to 503 storage_full and holds readiness for a while', async () => {
    const error = await postgresDiskFull();
    expect((error as { code: string }).code).toBe('53100');
    const mapped = toHttpError(error);
    expect([mapped?.status, mapped?.body()]).toEqual([503, STORAGE_FULL]);
    const state = new StorageState([]);
    expect(await state.isFull()).toBe(false);
    state.report(error);
    expect(await state.isFull()).toBe(true);
  });

  it('maps SQLite SQLITE_FULL to 503 storage_full', () => {
    const db = new Sqlite(':memory:');
    db.exec('create table t (v text)');
    db.pragma('max_page_count = 2');
    let error: unknown;
    try {
      db.prepare('insert into t values (?)').run('x'.repeat(100_000));
    } catch (e) {
      error = e;
    }
    db.close();
    expect((error as { code: string }).code).toBe('SQLITE_FULL');
    expect(toHttpError(error)?.body()).toEqual(STORAGE_FULL);
  });

  it('knows node:sqlite (errcode 13, extended or not) and file writes, and nothing else', () => {
    expect(isStorageFull({ code: 'ERR_SQLITE_ERROR', errcode: 13 })).toBe(true);
    expect(isStorageFull({ code: 'ERR_SQLITE_ERROR', errcode: 5 })).toBe(false);
    expect(isStorageFull(Object.assign(new Error('no space left on device, write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isStorageFull(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isStorageFull(null)).toBe(false);
  });
});
