import { isLoopback } from './ip-address.js';
import type { CheckStatus, Listener, SecurityCheck } from './types.js';

export type NotificationType = 'success' | 'warning' | 'error';

export type SecurityChange =
  | {
      kind: 'worse' | 'recovered';
      type: NotificationType;
      title: string;
      message: string;
      check: SecurityCheck;
      from: CheckStatus;
    }
  | { kind: 'new_listener'; type: 'warning'; title: string; message: string; listener: Listener };

/** The parts of a snapshot a comparison needs (a stored row has them too). */
export interface ComparableSnapshot {
  checks: readonly Pick<SecurityCheck, 'id' | 'status'>[];
  listening: readonly Listener[];
}

/** `unknown` ranks with `pass`: losing sight of a source is no alarm, and a first reading of a problem is. */
const RANK: Record<CheckStatus, number> = { unknown: 0, pass: 0, warn: 1, fail: 2 };

const listenerKey = (l: Listener) => `${l.protocol} ${l.address} ${l.port}`;
const where = (l: Listener) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;

/**
 * What changed since `previous` that deserves a notification (security.md §2): a check that got worse
 * (`warning`, or `error` when it now fails), a check that got better (`success`), and each new
 * non-loopback listener. No previous snapshot means nothing to compare: no changes.
 */
export function diffSnapshots(
  previous: ComparableSnapshot | null | undefined,
  current: { checks: readonly SecurityCheck[]; listening: readonly Listener[] },
): SecurityChange[] {
  if (!previous) return [];
  const changes: SecurityChange[] = [];
  const before = new Map(previous.checks.map((c) => [c.id, c.status]));
  for (const check of current.checks) {
    const from = before.get(check.id) ?? 'unknown';
    if (RANK[check.status] > RANK[from]) {
      changes.push({
        kind: 'worse',
        type: check.status === 'fail' ? 'error' : 'warning',
        title: `Security check ${check.status === 'fail' ? 'failed' : 'warning'}: ${check.title}`,
        message: check.detail,
        check,
        from,
      });
    } else if (RANK[check.status] < RANK[from] && check.status !== 'unknown') {
      changes.push({
        kind: 'recovered',
        type: 'success',
        title: `Security check ${check.status === 'pass' ? 'passes again' : 'improved'}: ${check.title}`,
        message: check.detail,
        check,
        from,
      });
    }
  }
  const seen = new Set(previous.listening.map(listenerKey));
  for (const listener of current.listening) {
    if (isLoopback(listener.address) || seen.has(listenerKey(listener))) continue;
    changes.push({
      kind: 'new_listener',
      type: 'warning',
      title: `New listening port: ${listener.protocol.toUpperCase()} ${listener.port}`,
      message: `${listener.process ?? 'An unknown process'} listens on ${listener.protocol} ${where(listener)}`,
      listener,
    });
  }
  return changes;
}
