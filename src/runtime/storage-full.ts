import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** SQLITE_FULL, the primary result code (node:sqlite reports it as `errcode`, possibly extended). */
const SQLITE_FULL = 13;
/** PostgreSQL SQLSTATE disk_full: the database server's disk, not ours. */
const PG_DISK_FULL = '53100';

/**
 * True when a write failed for lack of space: better-sqlite3 (`code: 'SQLITE_FULL'`), node:sqlite
 * (`code: 'ERR_SQLITE_ERROR'`, `errcode: 13`), PostgreSQL (SQLSTATE 53100) or a file write (ENOSPC, EDQUOT).
 */
export function isStorageFull(error: unknown): boolean {
  const { code, errcode } = (error ?? {}) as { code?: unknown; errcode?: unknown };
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === PG_DISK_FULL) return true;
  return code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' && (errcode & 0xff) === SQLITE_FULL;
}

/** The message of a start-up write that failed: which path, and why (a driver's own text names neither). */
export function cannotWrite(path: string, error: unknown): Error {
  const reason = isStorageFull(error) ? 'no space left on device' : String((error as Error)?.message ?? error);
  return new Error(`Cannot write ${path}: ${reason}`, { cause: error });
}

/** Free space a probe needs before storage counts as writable again. */
const PROBE_BYTES = 64 * 1024;
/** A full PostgreSQL disk cannot be probed from here: it counts as full this long after its last error. */
const REMOTE_HOLD_MS = 30_000;

/**
 * Whether storage is full, for readiness. The error mappers report every write that failed for lack of space;
 * a local one lasts until a probe file can be written in each of `dirs` again, so readiness recovers by itself
 * once space is freed.
 */
export class StorageState {
  private localFull = false;
  private remoteFullAt = -Infinity;

  constructor(private readonly dirs: string[]) {}

  report(error: unknown): void {
    if ((error as { code?: unknown })?.code === PG_DISK_FULL) this.remoteFullAt = Date.now();
    else this.localFull = true;
  }

  async isFull(): Promise<boolean> {
    if (this.localFull) this.localFull = !(await this.probe());
    return this.localFull || Date.now() - this.remoteFullAt < REMOTE_HOLD_MS;
  }

  private async probe(): Promise<boolean> {
    for (const dir of this.dirs) {
      const file = join(dir, `.everyst-space-probe-${randomBytes(4).toString('hex')}`);
      try {
        await writeFile(file, Buffer.alloc(PROBE_BYTES));
      } catch {
        return false;
      } finally {
        await rm(file, { force: true });
      }
    }
    return true;
  }
}
