import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { killGroup, type ChildRecord, type ChildRecordFile } from './children.js';
import { bootId, isRunning, listPids, readCmdline, readProcStat } from './proc-stat.js';

export interface ReapedChild {
  pid: number;
  program: string;
}

/** The recorded leader itself: same pid, same start time, and its cmdline still runs the recorded program. */
function isSameLeader(child: ChildRecord): boolean {
  const stat = readProcStat(child.pid);
  if (!stat || stat.startTime !== child.startTime || stat.pgrp !== child.pid) return false;
  const name = basename(child.program);
  return readCmdline(child.pid).some((part) => part === child.program || basename(part) === name);
}

/**
 * Members still in the leader's session and group, started no earlier than it. While any of them lives the
 * kernel does not hand the leader's pid to another process, so they are the recorded child's.
 */
function leftoverMembers(child: ChildRecord): number[] {
  return listPids().filter((pid) => {
    const stat = readProcStat(pid);
    return stat !== undefined && stat.pgrp === child.pid && stat.session === child.pid && stat.startTime >= child.startTime;
  });
}

function ownerStillRuns(file: ChildRecordFile): boolean {
  const stat = readProcStat(file.owner.pid);
  return file.owner.pid !== process.pid && stat !== undefined && stat.startTime === file.owner.startTime && isRunning(file.owner.pid);
}

/**
 * At start: ends the children that a server or worker killed earlier left behind (recorded in `dir`), when
 * they are still the same processes, and removes those records. Records of a process that still runs (another
 * worker on this host) are left alone.
 */
export function reapLeftoverChildren(dir: string): ReapedChild[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => /^children-\d+\.json$/.test(name));
  } catch {
    return [];
  }
  const boot = bootId();
  const reaped: ReapedChild[] = [];
  for (const name of names) {
    const path = join(dir, name);
    let file: ChildRecordFile;
    try {
      file = JSON.parse(readFileSync(path, 'utf8')) as ChildRecordFile;
    } catch {
      rmSync(path, { force: true });
      continue;
    }
    if (ownerStillRuns(file)) continue;
    if (file.bootId === boot) {
      for (const child of file.children ?? []) {
        // A process with the recorded pid that is not the recorded one got the pid later: not ours.
        const leader = readProcStat(child.pid);
        const leaderPidTaken = leader !== undefined && leader.startTime !== child.startTime;
        const members = isSameLeader(child) ? [child.pid] : leaderPidTaken ? [] : leftoverMembers(child);
        if (members.length === 0) continue;
        killGroup(child.pid, 'SIGKILL');
        reaped.push({ pid: child.pid, program: basename(child.program) });
      }
    }
    rmSync(path, { force: true });
  }
  return reaped;
}
