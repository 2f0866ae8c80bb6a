import { describe, expect, it } from 'vitest';
import { createFixtureReader } from '../../src/system/security/fixture-reader.js';
import { scoreChecks, snapshotStatus } from '../../src/system/security/score.js';
import { takeSnapshot } from '../../src/system/security/snapshot.js';
import type { CheckStatus, SecurityCheck } from '../../src/system/security/types.js';
import { context } from './context.js';
import { loadFixtureHost } from './fixture-host.js';

const checks = (...statuses: CheckStatus[]): SecurityCheck[] =>
  statuses.map((status, i) => ({ id: `c${i}`, title: 'x', status, detail: '', evidence: {} }));

describe('score and status', () => {
  it('takes 10 per warn and 25 per fail, ignores unknown, never goes below 0', () => {
    expect(scoreChecks(checks('pass', 'unknown', 'unknown'))).toBe(100);
    expect(scoreChecks(checks('warn', 'fail', 'pass', 'unknown'))).toBe(65);
    expect(scoreChecks(checks('fail', 'fail', 'fail', 'fail', 'warn'))).toBe(0);
  });

  it('is error with any fail, warning with any warn, else success', () => {
    expect(snapshotStatus(checks('pass', 'warn', 'fail'))).toBe('error');
    expect(snapshotStatus(checks('pass', 'warn', 'unknown'))).toBe('warning');
    expect(snapshotStatus(checks('pass', 'unknown'))).toBe('success');
  });
});

describe('takeSnapshot', () => {
  it('runs the ten checks of the spec in order over fixture host-a', async () => {
    const snapshot = await takeSnapshot(
      await loadFixtureHost('host-a'),
      context({ tlsEnabled: false, trustProxy: true, corsAllowAllOrigins: true, failedLogins24h: 12 }),
    );
    expect(snapshot.checks.map((c) => [c.id, c.status])).toEqual([
      ['listening_ports', 'warn'],
      ['ssh_root_login', 'pass'],
      ['ssh_password_auth', 'warn'],
      ['firewall', 'pass'],
      ['reboot_required', 'warn'],
      ['everyst_tls', 'pass'],
      ['everyst_debug', 'pass'],
      ['everyst_cors', 'warn'],
      ['failed_logins', 'warn'],
      ['weak_accounts', 'pass'],
    ]);
    expect(snapshot.score).toBe(50);
    expect(snapshot.status).toBe('warning');
    expect(snapshot.listening).toHaveLength(14);
    expect(snapshot.listening[0]).toEqual({ protocol: 'tcp', address: '0.0.0.0', port: 22, process: 'sshd' });
    // The snapshot is stored as JSON: it must survive a round trip unchanged.
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('recognises Everyst by its process id', async () => {
    const host = await loadFixtureHost('host-a');
    const snapshot = await takeSnapshot(host, context({ everystPid: 4242 }));
    // With a different Everyst pid, node's port 8000 becomes "another service" (2 sockets).
    const check = snapshot.checks.find((c) => c.id === 'listening_ports');
    expect(check?.detail).toBe('8 other services listen on non-loopback addresses');
  });

  it('is an error snapshot when a check fails', async () => {
    const snapshot = await takeSnapshot(
      await loadFixtureHost('host-a'),
      context({ debug: true, apiHost: '0.0.0.0', tlsEnabled: false }),
    );
    expect(snapshot.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['everyst_debug']);
    // warns: listening_ports, ssh_password_auth, reboot_required, everyst_tls
    expect(snapshot.score).toBe(100 - 4 * 10 - 25);
    expect(snapshot.status).toBe('error');
  });

  it('never throws on a host where nothing can be read: the host checks are unknown', async () => {
    const snapshot = await takeSnapshot(createFixtureReader({}), context());
    expect(snapshot.checks.filter((c) => c.status === 'unknown').map((c) => c.id)).toEqual([
      'listening_ports',
      'ssh_root_login',
      'ssh_password_auth',
      'firewall',
      'reboot_required',
    ]);
    expect(snapshot).toMatchObject({ score: 100, status: 'success', listening: [] });
  });
});
