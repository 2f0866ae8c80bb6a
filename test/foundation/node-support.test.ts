import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeSupportProblem } from '../../src/runtime/node-support.js';

const root = resolve(import.meta.dirname, '../..');

describe('supported Node.js runtimes', () => {
  it('accepts 24 LTS and 22 LTS from 22.16, and names every other runtime with the fix', () => {
    expect(nodeSupportProblem('v24.22.3')).toBeNull();
    expect(nodeSupportProblem('v24.0.0')).toBeNull();
    expect(nodeSupportProblem('v22.16.0')).toBeNull();
    expect(nodeSupportProblem('v22.23.5')).toBeNull();
    expect(nodeSupportProblem('v22.12.0')).toBe('Node.js v22.12.0 is older than 22.16.0: install Node.js 24 LTS (or 22 LTS)');
    expect(nodeSupportProblem('v20.20.2')).toBe('Node.js v20.20.2 is not supported (end of life): install Node.js 24 LTS (or 22 LTS)');
    expect(nodeSupportProblem('v23.11.0')).toMatch(/^Node\.js v23\.11\.0 is not supported/);
    expect(nodeSupportProblem('v26.1.0')).toBe('Node.js v26.1.0 is not a tested release line: install Node.js 24 LTS (or 22 LTS)');
  });

  it('the runtime running this suite is a supported one', () => {
    expect(nodeSupportProblem(process.version)).toBeNull();
  });

  it('`everyst doctor` reports the runtime, configuration, data folder, database and OS tools', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'everyst-doctor-'));
    const res = spawnSync(process.execPath, ['bin/everyst.js', 'doctor'], {
      cwd: root, encoding: 'utf8', timeout: 120_000,
      env: { PATH: process.env.PATH, EVERYST_DATA_DIR: dataDir, EVERYST_FROM_SOURCE: '1' },
    });
    expect(res.stdout).toContain(`ok       Node.js        ${process.version} (supported)`);
    expect(res.stdout).toContain(`ok       data folder    ${dataDir} (writable)`);
    expect(res.stdout).toMatch(/ok {7}database {7}SQLite .*everyst\.sqlite3 \(reachable\)/);
    expect(res.stdout).toMatch(/(ok {7}nmap {11}\/|PROBLEM  nmap {11}not installed: apt-get install nmap)/);
    expect(res.status).toBe(res.stdout.includes('PROBLEM') ? 1 : 0);
  });

  it('`everyst doctor` names an invalid variable and exits 1', () => {
    const res = spawnSync(process.execPath, ['bin/everyst.js', 'doctor'], {
      cwd: root, encoding: 'utf8', timeout: 120_000,
      env: { PATH: process.env.PATH, EVERYST_DATA_DIR: mkdtempSync(join(tmpdir(), 'everyst-doctor-')), API_PORT: 'eighty', EVERYST_FROM_SOURCE: '1' },
    });
    expect(res.stdout).toMatch(/PROBLEM {2}configuration {2}.*API_PORT/);
    expect(res.status).toBe(1);
  });
});
