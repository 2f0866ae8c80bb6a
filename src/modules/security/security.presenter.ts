import { wireTime } from '../../db/values.js';
import type { SnapshotSummary, StoredSnapshot } from './security.repository.js';

/**
 * The body of `GET security/` (security.md §3). `listening` and every check's `evidence` name processes,
 * ports and accounts: only holders of `can_view_all_data` see them, others get null.
 */
export function presentSnapshot(snapshot: StoredSnapshot, full: boolean) {
  return {
    timestamp: wireTime(snapshot.timestamp),
    score: snapshot.score,
    status: snapshot.status,
    checks: snapshot.checks.map((c) => ({
      id: c.id,
      title: c.title,
      status: c.status,
      detail: c.detail,
      evidence: full ? c.evidence : null,
    })),
    listening: full
      ? snapshot.listening.map((l) => ({ protocol: l.protocol, address: l.address, port: l.port, process: l.process }))
      : null,
  };
}

/** One row of `GET security/history/`: score, status, timestamp and each check's status. */
export function presentSummary(summary: SnapshotSummary) {
  return {
    timestamp: wireTime(summary.timestamp),
    score: summary.score,
    status: summary.status,
    checks: summary.checks.map((c) => ({ id: c.id, status: c.status })),
  };
}
