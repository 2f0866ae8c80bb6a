/**
 * Children the kernel does not kill with their parent (a file-capability program such as ping run by a non-root
 * server loses the parent-death signal on exec) are on record in the data directory; the next server start
 * ends them, and only them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEverystProcess, type EverystProcess } from '../../scale/helpers/processes.js';
import type { ChildRecordFile } from '../../../src/system/process/children.js';
import { bootId, isRunning, readProcStat } from '../../../src/system/process/proc-stat.js';
import { reapLeftoverChildren } from '../../../src/system/process/reap.js';

const started: ChildProcess[] = [];
const dirs: string[] = [];

/** A process in its own session, as the runner starts children, left without its parent's protection. */
function orphanLike(command: string, args: string[]): ChildProcess {
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  started.push(child);
  return child;
}

const startTime = (pid: number) => readProcStat(pid)!.startTime;
const settle = () => new Promise((r) => setTimeout(r, 200));

/** A record as a process `owner` (no longer running) would have left it. */
function writeRecord(dir: string, owner: { pid: number; startTime: number }, children: ChildRecordFile['children']): void {
  mkdirSync(dir, { recursive: true });
  const file: ChildRecordFile = { owner, bootId: bootId(), children };
  writeFileSync(join(dir, `children-${owner.pid}.json`), JSON.stringify(file));
}

/** Pid and start time of a process that has exited: the owner of a record who was killed. */
async function deadOwner(): Promise<{ pid: number; startTime: number }> {
  const owner = spawn('sleep', ['0.3'], { stdio: 'ignore' });
  const info = { pid: owner.pid!, startTime: startTime(owner.pid!) };
  await new Promise((r) => owner.once('exit', r));
  return info;
}

describe('leftover children are reaped at start', () => {
  let server: EverystProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    for (const child of started.splice(0)) child.kill('SIGKILL');
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'everyst-reap-'));
    dirs.push(dir);
    return dir;
  };

  it('a server started on the data directory ends the recorded children of the killed one', async () => {
    const dataDir = tempDir();
    const leftover = orphanLike('sleep', ['300']);
    writeRecord(join(dataDir, 'processes'), await deadOwner(), [{ pid: leftover.pid!, startTime: startTime(leftover.pid!), program: 'sleep' }]);

    server = await startEverystProcess('serve', 'reap-at-start', { EVERYST_DATA_DIR: dataDir });
    await settle();
    expect(isRunning(leftover.pid!)).toBe(false);
    expect(server.output()).toContain('ended child processes left running by an earlier process');
    expect(readdirSync(join(dataDir, 'processes'))).toEqual([`children-${server.pid}.json`]);
  });

  it('ends what is left of a recorded group whose leader is gone, its own children included', async () => {
    const dir = tempDir();
    // The leader starts a grandchild in its session and exits; the grandchild keeps the leader's group.
    const leader = orphanLike('sh', ['-c', 'sleep 300 & exit 0']);
    const leaderStart = startTime(leader.pid!);
    await new Promise((r) => leader.once('exit', r));
    const left = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number)
      .filter((p) => readProcStat(p)?.pgrp === leader.pid && isRunning(p));
    expect(left.length).toBe(1);
    writeRecord(dir, await deadOwner(), [{ pid: leader.pid!, startTime: leaderStart, program: 'sh' }]);

    expect(reapLeftoverChildren(dir)).toEqual([{ pid: leader.pid, program: 'sh' }]);
    await settle();
    expect(left.filter(isRunning)).toEqual([]);
  });

  it('leaves alone a process that only has a recorded pid, and the records of a process that still runs', async () => {
    const dir = tempDir();
    const other = orphanLike('sleep', ['300']);
    // Same pid, another start time: the pid was given to a new process since.
    writeRecord(dir, await deadOwner(), [{ pid: other.pid!, startTime: startTime(other.pid!) - 1, program: 'sleep' }]);
    expect(reapLeftoverChildren(dir)).toEqual([]);
    expect(isRunning(other.pid!)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);

    const liveOwner = orphanLike('sleep', ['300']);
    const child = orphanLike('sleep', ['300']);
    writeRecord(dir, { pid: liveOwner.pid!, startTime: startTime(liveOwner.pid!) }, [{ pid: child.pid!, startTime: startTime(child.pid!), program: 'sleep' }]);
    expect(reapLeftoverChildren(dir)).toEqual([]);
    expect(isRunning(child.pid!)).toBe(true);
    expect(readdirSync(dir)).toEqual([`children-${liveOwner.pid}.json`]);
  });
});
