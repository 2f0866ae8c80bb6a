import type { SecurityCheck, SnapshotStatus } from './types.js';

/** 100 − 10 per warn − 25 per fail, never below 0; `unknown` checks do not count. */
export function scoreChecks(checks: readonly SecurityCheck[]): number {
  const warns = checks.filter((c) => c.status === 'warn').length;
  const fails = checks.filter((c) => c.status === 'fail').length;
  return Math.max(0, 100 - 10 * warns - 25 * fails);
}

export function snapshotStatus(checks: readonly SecurityCheck[]): SnapshotStatus {
  if (checks.some((c) => c.status === 'fail')) return 'error';
  if (checks.some((c) => c.status === 'warn')) return 'warning';
  return 'success';
}
