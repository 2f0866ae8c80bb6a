import type { BeatStatus, CheckResult, Heartbeat, MonitorSpec, MonitorStatus } from './monitor-types.js';
import type { MonitorRunState } from './monitors.repository.js';

/** What a check result does to a monitor (monitoring.md §2.4). */
export interface Outcome {
  state: MonitorRunState;
  heartbeat: Heartbeat;
  /** Set when the status changed. */
  transition: { previous: MonitorStatus; status: MonitorStatus } | null;
  /** A notification to send: the first down (after retries), a resend, or back up after being down. */
  notify: { kind: 'down' | 'up'; title: string; message: string } | null;
  /** When the next check is due: the retry interval while retrying, else the interval. */
  nextInMs: number;
}

/** Only the run-state fields of a stored monitor (what a check changes). */
export function runStateOf(m: MonitorRunState): MonitorRunState {
  return {
    status: m.status, status_since: m.status_since, failures: m.failures, down_checks: m.down_checks, last_checked_at: m.last_checked_at,
    last_response_ms: m.last_response_ms, last_message: m.last_message, cert_expires_at: m.cert_expires_at, last_push_at: m.last_push_at,
  };
}

export function initialState(active: boolean): MonitorRunState {
  return {
    status: active ? 'pending' : 'paused', status_since: null, failures: 0, down_checks: 0, last_checked_at: null,
    last_response_ms: null, last_message: '', cert_expires_at: null, last_push_at: null,
  };
}

/** Applies one check result at `now`; `inMaintenance` turns it into a `maintenance` beat that sends nothing. */
export function applyResult(monitor: MonitorSpec, state: MonitorRunState, result: CheckResult, now: Date, inMaintenance: boolean): Outcome {
  const time = now.toISOString();
  const previous = state.status;
  let status: MonitorStatus;
  let beat: BeatStatus;
  let failures = 0;
  let downChecks = state.down_checks;
  if (inMaintenance) {
    status = beat = 'maintenance';
    downChecks = 0;
  } else if (result.status === 'up') {
    status = beat = 'up';
    downChecks = 0;
  } else {
    failures = state.failures + 1;
    // Retrying while it has not yet been declared down; a monitor already down stays down.
    const retrying = previous !== 'down' && failures <= monitor.retries;
    status = beat = retrying ? 'pending' : 'down';
    downChecks = previous === 'down' ? state.down_checks + 1 : 0;
  }

  const changed = status !== previous || state.last_checked_at === null;
  const next: MonitorRunState = {
    ...runStateOf(state), status, failures, down_checks: downChecks,
    status_since: status !== previous ? time : (state.status_since ?? time),
    last_checked_at: time, last_response_ms: result.responseMs, last_message: result.message,
    cert_expires_at: result.certExpiresAt === undefined ? state.cert_expires_at : result.certExpiresAt,
  };
  return {
    state: next,
    heartbeat: { monitor_id: monitor.id, time, status: beat, response_ms: result.responseMs, message: result.message, important: changed },
    transition: status !== previous ? { previous, status } : null,
    notify: notification(monitor, state, next, result, now),
    nextInMs: (status === 'pending' && failures > 0 ? monitor.retry_interval_s : monitor.interval_s) * 1000,
  };
}

function notification(monitor: MonitorSpec, before: MonitorRunState, after: MonitorRunState, result: CheckResult, now: Date): Outcome['notify'] {
  if (after.status === 'down') {
    const first = before.status !== 'down';
    const resend = !first && monitor.resend_every > 0 && after.down_checks > 0 && after.down_checks % monitor.resend_every === 0;
    if (!first && !resend) return null;
    return { kind: 'down', title: `${monitor.name} is down`, message: resend ? `${result.message} (still down)` : result.message };
  }
  if (after.status === 'up' && before.status === 'down') {
    const since = before.status_since ? Date.parse(before.status_since) : NaN;
    const downtime = Number.isFinite(since) ? ` after ${formatDuration(now.getTime() - since)} down` : '';
    return { kind: 'up', title: `${monitor.name} is up`, message: `${result.message}${downtime}` };
  }
  return null;
}

/** "3 min 12 s", "2 h 5 min", "4 d 1 h". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const parts: Array<[number, string]> = [[Math.floor(s / 86_400), 'd'], [Math.floor(s / 3600) % 24, 'h'], [Math.floor(s / 60) % 60, 'min'], [s % 60, 's']];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}`).join(' ');
}
