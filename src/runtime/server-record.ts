import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from '../system/process/proc-stat.js';

/** What a running server tells other commands on the same data folder (`restore` refuses while one runs). */
export interface ServerRecord {
  pid: number;
  /** With the pid, tells this process from a later one that got the same pid. */
  startTime: number;
  /** The database it runs on (SQLite path, or the PostgreSQL URL without its password). */
  database: string;
  urls: string[];
  startedAt: string;
}

const recordDir = (dataDir: string) => join(dataDir, 'run');
const FILE = /^server-(\d+)\.json$/;

/** Writes this process's record into `<dataDir>/run/`; it is removed when the process exits. */
export function recordRunningServer(dataDir: string, info: Pick<ServerRecord, 'database' | 'urls'>): void {
  const dir = recordDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, `server-${process.pid}.json`);
  const record: ServerRecord = {
    pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? 0, ...info, startedAt: new Date().toISOString(),
  };
  writeFileSync(path, JSON.stringify(record) + '\n', { mode: 0o600 });
  process.once('exit', () => rmSync(path, { force: true }));
}

/**
 * The servers that run on this data folder now. A record whose process is gone (killed before it could remove
 * it) or whose pid now belongs to another process is removed.
 */
export function runningServers(dataDir: string): ServerRecord[] {
  let names: string[];
  try {
    names = readdirSync(recordDir(dataDir));
  } catch {
    return [];
  }
  const live: ServerRecord[] = [];
  for (const name of names) {
    if (!FILE.test(name)) continue;
    const path = join(recordDir(dataDir), name);
    let record: ServerRecord;
    try {
      record = JSON.parse(readFileSync(path, 'utf8')) as ServerRecord;
    } catch {
      continue; // being written right now, or not ours
    }
    const stat = readProcStat(record.pid);
    if (stat && stat.state !== 'Z' && stat.startTime === record.startTime) live.push(record);
    else rmSync(path, { force: true });
  }
  return live;
}
