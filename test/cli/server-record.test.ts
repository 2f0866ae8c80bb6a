import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordRunningServer, runningServers } from '../../src/runtime/server-record.js';
import { readProcStat } from '../../src/system/process/proc-stat.js';

describe('running-server records', () => {
  it('lists a live server, and drops records of exited processes and of a pid now used by another process', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-run-'));
    recordRunningServer(dataDir, { database: 'sqlite:/x.sqlite3', urls: ['http://127.0.0.1:1'] });
    expect(runningServers(dataDir).map((r) => [r.pid, r.database])).toEqual([[process.pid, 'sqlite:/x.sqlite3']]);

    const exited = spawnSync('true').pid!;
    const dir = join(dataDir, 'run');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `server-${exited}.json`), JSON.stringify({ pid: exited, startTime: 1, database: 'd', urls: [], startedAt: '' }));
    // This very process, but started at another time: the pid was reused.
    const reused = join(dir, 'server-1.json');
    writeFileSync(reused, JSON.stringify({ pid: process.pid, startTime: readProcStat(process.pid)!.startTime - 1, database: 'd', urls: [], startedAt: '' }));
    expect(runningServers(dataDir).map((r) => r.pid)).toEqual([process.pid]);
    expect(existsSync(join(dir, `server-${exited}.json`))).toBe(false);
    expect(existsSync(reused)).toBe(false);
  });
});
