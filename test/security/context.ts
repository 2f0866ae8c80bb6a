import type { SecurityContext } from '../../src/system/security/types.js';

export const NOW = new Date('2025-06-01T12:00:00.000Z');
export const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);

/** A context in which every Everyst-side check passes; tests override what they examine. */
export function context(overrides: Partial<SecurityContext> = {}): SecurityContext {
  return {
    apiHost: '::',
    apiPort: 8000,
    everystPid: 900,
    tlsEnabled: true,
    trustProxy: false,
    debug: false,
    corsAllowAllOrigins: false,
    corsAllowedOrigins: [],
    failedLogins24h: 0,
    activeLockouts: 0,
    adminAccounts: [{ username: 'owner', role: 'owner', lastLogin: daysAgo(1), dateJoined: daysAgo(400) }],
    now: NOW,
    ...overrides,
  };
}
