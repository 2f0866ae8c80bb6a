import type { Logger } from 'pino';
import { severityOfType, type ChannelEvent } from '../../realtime/channel-events.js';
import { throttled } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import { diffSnapshots, takeSnapshot, type FileReader, type SnapshotStatus } from '../../system/security/index.js';
import { buildSecurityContext, type SecuritySettings } from './security-context.js';
import type { SecurityFacts } from './security-facts.js';
import { notifyChanges, SECURITY_SOURCE, type FlagNotifier } from './security-notifier.js';
import type { SecurityRepository, SnapshotSummary, StoredSnapshot } from './security.repository.js';

export const REFRESH_INTERVAL_MS = 10_000;
export const RETENTION_DAYS = 30;
/** How often the scheduled job looks whether a snapshot is due; its lease is twice this. */
export const TICK_MS = 15_000;

/** What the security module announces on the bus (realtime/bus.ts `securityStatusChanged`). */
export interface SecurityEvents {
  emit(event: 'securityStatusChanged', change: { host: string; status: string | null }): unknown;
  emit(event: 'notify', change: ChannelEvent): unknown;
}

export interface SecurityDeps {
  host: string;
  settings: SecuritySettings;
  snapshots: SecurityRepository;
  facts: SecurityFacts;
  reader: FileReader;
  logger: Logger;
  everystPid: number;
  /** Personal notifications of the changes (the notifications module). */
  notifier: FlagNotifier;
  /** The port the HTTP server listens on, null before listen(). */
  boundPort: () => number | null;
  /** After each stored snapshot: the live metrics re-read their `security` key. */
  events: SecurityEvents;
  now?: () => Date;
}

/**
 * Host security status (security.md): takes snapshots of this host, stores them, and tells the holders
 * of `can_manage_system` what changed since the previous snapshot of the same host. Snapshots of one
 * process are taken one at a time, so each is compared with the one before it.
 */
export class SecurityService {
  private queue: Promise<unknown> = Promise.resolve();
  private lastRefreshAt = -Infinity;
  private tookStartSnapshot = false;

  constructor(private readonly deps: SecurityDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private serialized<T>(run: () => Promise<T>): Promise<T> {
    const result = this.queue.then(run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Takes, stores and compares a snapshot now. */
  snapshot(): Promise<StoredSnapshot> {
    return this.serialized(() => this.takeAndStore());
  }

  private async takeAndStore(): Promise<StoredSnapshot> {
    const { deps } = this;
    const now = this.now();
    const context = await buildSecurityContext(deps.settings, deps.facts, deps.logger, {
      everystPid: deps.everystPid, boundPort: deps.boundPort(), now,
    });
    const taken = await takeSnapshot(deps.reader, context);
    const previous = await deps.snapshots.latest(deps.host);
    const stored = await deps.snapshots.insert(deps.host, now.toISOString(), taken);
    const changes = diffSnapshots(previous, taken);
    for (const change of changes) {
      deps.events.emit('notify', {
        event: 'security.changed', severity: severityOfType(change.type), ranksAs: 'warning', title: change.title, message: change.message,
        source: SECURITY_SOURCE, path: '/',
      });
    }
    if (changes.length > 0) await notifyChanges(deps.notifier, changes, deps.logger);
    deps.events.emit('securityStatusChanged', { host: deps.host, status: stored.status });
    return stored;
  }

  /** The latest snapshot of this host; the first one is taken on demand when none exists yet. */
  latest(): Promise<StoredSnapshot> {
    return this.serialized(async () => (await this.deps.snapshots.latest(this.deps.host)) ?? this.takeAndStore());
  }

  /** `POST security/refresh/`: a snapshot now, at most one per 10 s (security.md §3). */
  async refresh(): Promise<StoredSnapshot> {
    const now = this.now().getTime();
    const wait = this.lastRefreshAt + REFRESH_INTERVAL_MS - now;
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw throttled(`A security refresh was just taken. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`, seconds);
    }
    this.lastRefreshAt = now;
    return this.snapshot();
  }

  /**
   * The scheduled job (one instance per host runs it): the start snapshot, then one whenever the latest
   * is `SECURITY_CHECK_MINUTES` old (0: none after the start), then retention.
   */
  async tick(): Promise<void> {
    const periodMs = this.deps.settings.checkMinutes * 60_000;
    let due = !this.tookStartSnapshot;
    if (!due && periodMs > 0) {
      const latest = await this.deps.snapshots.latestStatus(this.deps.host);
      due = !latest || this.now().getTime() - Date.parse(latest.timestamp) >= periodMs - TICK_MS / 2;
    }
    if (!due) return;
    await this.snapshot();
    this.tookStartSnapshot = true;
    await this.prune();
  }

  /** Deletes snapshots older than 30 days (every host's: a host that went away leaves no rows behind). */
  prune(): Promise<number> {
    return this.deps.snapshots.prune(new Date(this.now().getTime() - RETENTION_DAYS * 86_400_000).toISOString());
  }

  /** This host's snapshots, newest first; `since` is ISO `…Z`. */
  history(filter: { since?: string }, window: ListWindow): Promise<Listing<SnapshotSummary>> {
    return this.deps.snapshots.history(this.deps.host, filter.since, window.limit, window.offset);
  }

  /**
   * For the `security` key of the live metrics (metrics.md §2): the latest snapshot's status and time,
   * null before the first snapshot. Read from the database: another instance on this host may have taken it.
   */
  async liveSummary(): Promise<{ status: SnapshotStatus; timestamp: string } | null> {
    return (await this.deps.snapshots.latestStatus(this.deps.host)) ?? null;
  }

  /** Status and time (epoch ms) of `host`'s latest stored snapshot, null before its first (the metrics dashboard). */
  async storedStatus(host: string): Promise<{ status: SnapshotStatus; at: number } | null> {
    const latest = await this.deps.snapshots.latestStatus(host);
    return latest ? { status: latest.status, at: Date.parse(latest.timestamp) } : null;
  }
}
