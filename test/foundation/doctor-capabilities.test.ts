/**
 * `everyst doctor` run by a dedicated non-root user (created here): without capabilities it names each scanner
 * program that lacks raw sockets, what degrades and the setcap command; with the systemd unit's ambient
 * capabilities it reports them usable. Either way missing capabilities are warnings, not failures.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBinary } from '../../src/system/network/binaries.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const skip = process.getuid?.() !== 0 ? 'running doctor as another user needs root (useradd)' : null;
if (skip) console.warn(`[skip] doctor as a non-root user: ${skip}`);

describe.skipIf(skip !== null)(`everyst doctor as a non-root user${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const user = `evdoc${process.pid}`;
  let uid = 0;
  let gid = 0;
  let data = '';

  beforeAll(() => {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
    gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
    data = mkdtempSync(join(tmpdir(), 'everyst-doctor-user-'));
    chmodSync(data, 0o755);
    chownSync(data, uid, gid);
  });
  afterAll(() => {
    if (data) rmSync(data, { recursive: true, force: true });
    try {
      execFileSync('userdel', ['--force', user], { stdio: 'ignore' });
    } catch {
      // not created
    }
  });

  const doctor = (launcher: string[]) => {
    const argv = [...launcher, process.execPath, 'bin/everyst.js', 'doctor'];
    const res = spawnSync(argv[0], argv.slice(1), {
      cwd: ROOT, encoding: 'utf8', timeout: 120_000, ...(launcher.length ? {} : { uid, gid }),
      env: { PATH: process.env.PATH, HOME: data, EVERYST_DATA_DIR: data, EVERYST_FROM_SOURCE: '1' },
    });
    const lines = Object.fromEntries(res.stdout.split('\n').filter(Boolean).map((l) => [l.slice(9, 23).trim(), l]));
    return { ...res, lines };
  };
  const nmap = findBinary('nmap');
  const arpScan = findBinary('arp-scan');

  it.skipIf(!nmap || !arpScan)('without capabilities: a warning per raw-socket program, with what degrades and the fix', () => {
    const res = doctor([]);
    expect(res.lines.capabilities).toBe('ok       capabilities   none for this process');
    expect(res.lines.nmap).toBe(`warn     nmap           ${nmap} without raw sockets for this user: no OS detection and no SYN scans `
      + `(scans use TCP connect and say "OS detection skipped"). Fix: sudo setcap cap_net_raw+eip ${nmap}, `
      + 'or run the server with CAP_NET_RAW CAP_NET_ADMIN (docs/unprivileged.md)');
    expect(res.lines['arp-scan']).toContain(`warn     arp-scan       ${arpScan} without raw sockets for this user: no ARP scan`);
    expect(res.lines['arp-scan']).toContain(`Fix: sudo setcap cap_net_raw+eip ${arpScan},`);
    // Debian gives ping and fping CAP_NET_RAW themselves.
    const fpingCaps = execFileSync('getcap', [findBinary('fping')!], { encoding: 'utf8' });
    if (fpingCaps.includes('cap_net_raw')) expect(res.lines.fping).toMatch(/^ok {7}fping {10}\S+ \(raw sockets: file capabilities cap_net_raw\)$/);
    expect(res.lines['data folder']).toBe(`ok       data folder    ${data} (writable)`);
    expect(res.status).toBe(res.stdout.includes('PROBLEM') ? 1 : 0);
  }, 120_000);

  it.skipIf(!nmap || !arpScan)('with the unit\'s ambient CAP_NET_RAW + CAP_NET_ADMIN every raw-socket program is usable', () => {
    const caps = '+net_raw,+net_admin';
    const res = doctor([findBinary('setpriv')!, `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', `--inh-caps=${caps}`, `--ambient-caps=${caps}`, '--']);
    expect(res.lines.capabilities).toBe('ok       capabilities   ambient CAP_NET_RAW CAP_NET_ADMIN');
    expect(res.lines.nmap).toBe(`ok       nmap           ${nmap} (raw sockets: ambient CAP_NET_RAW CAP_NET_ADMIN)`);
    expect(res.lines['arp-scan']).toBe(`ok       arp-scan       ${arpScan} (raw sockets: ambient CAP_NET_RAW CAP_NET_ADMIN)`);
    expect(res.stdout).not.toContain('warn ');
  }, 120_000);

  it.skipIf(!nmap)('a program whose file capabilities the bounding set lacks cannot run at all: a problem, with the fix', () => {
    // A copy of nmap with CAP_NET_ADMIN among its file capabilities, bind-mounted over nmap in a private mount
    // namespace, and a bounding set without CAP_NET_ADMIN (Docker's default set).
    const copy = join(data, 'nmap');
    copyFileSync(nmap!, copy);
    chmodSync(copy, 0o755);
    execFileSync('setcap', ['cap_net_raw,cap_net_admin+eip', copy]);
    const bindThenExec = `
      require('node:child_process').execFileSync('mount', ['--bind', process.argv[1], process.argv[2]]);
      process.execve(process.argv[3], process.argv.slice(3));`;
    const res = doctor([findBinary('unshare')!, '--mount', '--propagation', 'private', '--', process.execPath, '-e', bindThenExec, copy, nmap!,
      findBinary('setpriv')!, `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--bounding-set=-net_admin', '--']);
    expect(res.lines.nmap).toBe(`PROBLEM  nmap           ${nmap} cannot be run by this process: its file capabilities include cap_net_admin, `
      + 'outside this process\'s capability bounding set (a container without it?). '
      + `Fix: sudo setcap cap_net_raw+eip ${nmap}, or grant NET_ADMIN (docker run --cap-add)`);
    expect(res.status).toBe(1);
    // And it really cannot: exec fails with EPERM.
    const run = spawnSync(findBinary('setpriv')!, [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--bounding-set=-net_admin', copy, '--version'], { encoding: 'utf8' });
    expect(run.stderr).toContain('Operation not permitted');
  }, 120_000);
});
