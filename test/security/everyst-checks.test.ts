import { describe, expect, it } from 'vitest';
import { checkEverystCors } from '../../src/system/security/checks/everyst-cors.js';
import { checkEverystDebug } from '../../src/system/security/checks/everyst-debug.js';
import { checkEverystTls } from '../../src/system/security/checks/everyst-tls.js';
import { checkFailedLogins } from '../../src/system/security/checks/failed-logins.js';
import { checkWeakAccounts } from '../../src/system/security/checks/weak-accounts.js';
import { context, daysAgo } from './context.js';

describe('everyst_tls', () => {
  it('passes with TLS, behind a trusted proxy, or on loopback only; warns on plain HTTP beyond', () => {
    const tls = (o: Parameters<typeof context>[0]) => checkEverystTls(context({ tlsEnabled: false, ...o }));
    expect(checkEverystTls(context())).toMatchObject({ status: 'pass', detail: 'Everyst serves HTTPS' });
    expect(tls({ trustProxy: true }).status).toBe('pass');
    expect(tls({ apiHost: 'localhost' }).status).toBe('pass');
    expect(tls({ apiHost: '127.0.0.1' }).status).toBe('pass');
    expect(tls({ apiHost: '0.0.0.0' })).toMatchObject({
      status: 'warn',
      detail: 'Everyst serves plain HTTP on 0.0.0.0',
    });
    expect(tls({ apiHost: '::' }).status).toBe('warn');
  });
});

describe('everyst_debug', () => {
  it('passes off, fails on beyond loopback, warns on for loopback only', () => {
    expect(checkEverystDebug(context())).toMatchObject({ status: 'pass', detail: 'Debug mode is off' });
    expect(checkEverystDebug(context({ debug: true, apiHost: '192.168.1.10' }))).toMatchObject({
      status: 'fail',
      detail: 'Debug mode is on while Everyst listens on 192.168.1.10',
    });
    expect(checkEverystDebug(context({ debug: true, apiHost: '::1' })).status).toBe('warn');
  });
});

describe('everyst_cors', () => {
  it('passes off or with listed origins, warns when every origin is allowed', () => {
    expect(checkEverystCors(context())).toMatchObject({ status: 'pass', detail: 'CORS is off' });
    expect(checkEverystCors(context({ corsAllowedOrigins: ['https://a.example'] }))).toMatchObject({
      status: 'pass',
      detail: 'CORS allows 1 listed origin',
    });
    expect(checkEverystCors(context({ corsAllowAllOrigins: true })).status).toBe('warn');
  });
});

describe('failed_logins', () => {
  const status = (failedLogins24h: number | null, activeLockouts: number | null = 0) =>
    checkFailedLogins(context({ failedLogins24h, activeLockouts })).status;

  it('applies the 10 and 100 thresholds', () => {
    expect([0, 9, 10, 99, 100].map((n) => status(n))).toEqual(['pass', 'pass', 'warn', 'warn', 'fail']);
  });

  it('fails on any active lockout', () => {
    expect(checkFailedLogins(context({ failedLogins24h: 5, activeLockouts: 1 }))).toMatchObject({
      status: 'fail',
      detail: '1 lockout active now; 5 failed logins in the last 24 hours',
    });
  });

  it('is unknown without the counts', () => {
    expect([status(null), status(3, null)]).toEqual(['unknown', 'unknown']);
  });
});

describe('weak_accounts', () => {
  it('warns about an owner/admin unused for 90 days, by last login or, never logged in, by creation', () => {
    const check = checkWeakAccounts(
      context({
        adminAccounts: [
          { username: 'owner', role: 'owner', lastLogin: daysAgo(89), dateJoined: daysAgo(500) },
          { username: 'old-admin', role: 'admin', lastLogin: daysAgo(120), dateJoined: daysAgo(500) },
          { username: 'never', role: 'admin', lastLogin: null, dateJoined: daysAgo(90) },
          { username: 'new', role: 'admin', lastLogin: null, dateJoined: daysAgo(3) },
        ],
      }),
    );
    expect(check).toMatchObject({ status: 'warn', detail: '2 owner/admin accounts unused for 90 days' });
    expect(check.evidence).toEqual({
      checked: 4,
      unused: [
        { username: 'old-admin', role: 'admin', lastLogin: daysAgo(120).toISOString(), days: 120 },
        { username: 'never', role: 'admin', lastLogin: null, days: 90 },
      ],
    });
  });

  it('passes when every account was used recently, and is unknown without accounts', () => {
    expect(checkWeakAccounts(context()).status).toBe('pass');
    expect(checkWeakAccounts(context({ adminAccounts: null })).status).toBe('unknown');
  });
});
