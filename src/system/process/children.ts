import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootId, readProcStat } from './proc-stat.js';

/** A child that leads its own process group (and session), as every child of the runner does. */
export interface ChildRecord {
  pid: number;
  startTime: number;
  /** The program as it was asked for (`nmap`, `/usr/bin/fping`), checked against the cmdline before a reap. */
  program: string;
}

/** What `<dir>/children-<pid>.json` holds: whose children they are, and the children still running. */
export interface ChildRecordFile {
  owner: { pid: number; startTime: number };
  bootId: string;
  children: ChildRecord[];
}

const running = new Map<number, ChildRecord>();
let recordPath: string | undefined;
let exitHookInstalled = false;

export function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** However the process ends through node (exit(), an uncaught error, a handled signal), no child stays. */
function killAllOnExit(): void {
  for (const pid of running.keys()) killGroup(pid, 'SIGKILL');
  running.clear();
  if (recordPath) rmSync(recordPath, { force: true });
}

function writeRecord(): void {
  if (!recordPath) return;
  const file: ChildRecordFile = {
    owner: { pid: process.pid, startTime: readProcStat(process.pid)?.startTime ?? 0 },
    bootId: bootId(),
    children: [...running.values()],
  };
  try {
    // Written whole and renamed, so a crash in the middle leaves the previous list, never half of one.
    writeFileSync(`${recordPath}.tmp`, JSON.stringify(file), { mode: 0o600 });
    renameSync(`${recordPath}.tmp`, recordPath);
  } catch {
    // A full or read-only disk must not stop a scan; the parent-death signal still applies.
  }
}

export function trackChild(pid: number, program: string): void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', killAllOnExit);
  }
  running.set(pid, { pid, startTime: readProcStat(pid)?.startTime ?? 0, program });
  writeRecord();
}

export function untrackChild(pid: number): void {
  if (running.delete(pid)) writeRecord();
}

/** The folder under the data directory that holds the child records of each server or worker process. */
export function childRecordDir(dataDir: string): string {
  return join(dataDir, 'processes');
}

/** From now on, the running children of this process are listed in `<dir>/children-<pid>.json`. */
export function recordChildrenIn(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  recordPath = join(dir, `children-${process.pid}.json`);
  writeRecord();
}
