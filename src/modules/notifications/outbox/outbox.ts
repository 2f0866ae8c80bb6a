import type { Logger } from 'pino';
import type { ChannelSender } from '../channels/channels.js';
import { ChannelFailure } from '../channels/kinds/kind.js';
import type { DeliveriesRepository, DeliveryRow } from './deliveries.repository.js';

export interface OutboxOptions {
  /** This instance's name, written to `locked_by`. */
  instance: string;
  /** config.md DELIVERY_RETRY_DELAYS, in seconds. */
  retryDelays: number[];
  batchSize?: number;
  concurrency?: number;
  /** How long a claimed row stays ours; a `sending` row past it is taken again (the sender died). */
  lockMs?: number;
  /** Rows of one notification channel claimed at once; they are sent one after the other. */
  laneSize?: number;
  /** How long a claimed lane of channel rows stays ours (default 1 min; a lane gives back what it cannot send in time). */
  laneLockMs?: number;
  /** Channels served at once. */
  laneConcurrency?: number;
  /** The longest one attempt may take (the senders' own timeouts); a lane stops with twice this left on its lock. */
  attemptTimeoutMs?: number;
}

/** A failure that retrying cannot fix (the channel was disabled, its kind is gone): the row is `failed` at once. */
export class FinalFailure extends Error {}

export interface OutboxRun { delivered: number; retrying: number; failed: number }

const DAY_MS = 86_400_000;

/**
 * Sends due `deliveries` rows (rest.md §6.3). Each attempt's outcome is written back, so a pending delivery
 * survives a restart; the n-th failure waits the n-th retry delay, and after the last one the row is `failed`.
 * Driven by a cluster scheduler job and kicked at once when a delivery is enqueued.
 */
export class OutboxWorker {
  private readonly running = new Set<Promise<OutboxRun>>();
  private kicked: Promise<void> | null = null;
  private kickAgain = false;
  private stopped = false;

  constructor(
    private readonly repo: DeliveriesRepository,
    private readonly channels: Record<string, ChannelSender>,
    private readonly opts: OutboxOptions,
    private readonly logger: Logger,
    /** Sends a row of a notification channel (`channel_id` set), whatever its kind. */
    private readonly sendToChannel: ChannelSender = async () => {
      throw new FinalFailure('notification channels are not available here');
    },
    /** Told every recorded outcome but retries (a channel's last status). */
    private readonly onOutcome?: (row: DeliveryRow, status: 'delivered' | 'pending' | 'failed') => Promise<void>,
  ) {}

  /** Sends every row that is due now; rows that fail wait for their next attempt. */
  runOnce(): Promise<OutboxRun> {
    if (this.stopped) return Promise.resolve({ delivered: 0, retrying: 0, failed: 0 });
    const run = this.drain();
    this.running.add(run);
    void run.finally(() => this.running.delete(run)).catch(() => undefined);
    return run;
  }

  /** Schedules a run right away (coalesced: kicks during a run cause one more run after it). */
  kick(): void {
    if (this.stopped) return;
    if (this.kicked) {
      this.kickAgain = true;
      return;
    }
    this.kicked = (async () => {
      do {
        this.kickAgain = false;
        await this.runOnce().catch((err: unknown) => this.logger.error({ err }, 'outbox run failed'));
      } while (this.kickAgain && !this.stopped);
    })().finally(() => {
      this.kicked = null;
    });
  }

  /** Resolves when no kicked run is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.kicked || this.running.size) {
      await Promise.allSettled([this.kicked, ...this.running]);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  async purge(now = Date.now()): Promise<number> {
    return this.repo.purge(new Date(now - 30 * DAY_MS).toISOString(), new Date(now - 90 * DAY_MS).toISOString());
  }

  private async drain(): Promise<OutboxRun> {
    const summary: OutboxRun = { delivered: 0, retrying: 0, failed: 0 };
    const batchSize = this.opts.batchSize ?? 20;
    const lockMs = this.opts.lockMs ?? 5 * 60_000;
    for (let round = 0; round < 100 && !this.stopped; round++) {
      const now = Date.now();
      const laneLockMs = this.opts.laneLockMs ?? 60_000;
      const nowIso = new Date(now).toISOString();
      const rows = await this.repo.claim(this.opts.instance, nowIso, new Date(now + lockMs).toISOString(), batchSize);
      const lanes = await this.repo.claimLanes(this.opts.instance, nowIso, new Date(now + laneLockMs).toISOString(), this.opts.laneSize ?? 20);
      if (!rows.length && !lanes.length) break;
      await Promise.all([
        inParallel(rows, this.opts.concurrency ?? 5, (row) => this.attempt(row, summary).then(() => undefined)),
        inParallel(lanes, this.opts.laneConcurrency ?? 10, (lane) => this.sendLane(lane, now + laneLockMs, summary)),
      ]);
    }
    return summary;
  }

  /**
   * One channel's rows, in order: the first that fails ends the run and the rest go back untried, so nothing
   * overtakes a delivery that waits for its retry. A run also stops while its lock still has time to spare.
   */
  private async sendLane(lane: DeliveryRow[], lockedUntil: number, summary: OutboxRun): Promise<void> {
    const spare = 2 * (this.opts.attemptTimeoutMs ?? 15_000);
    const putBack = (rows: DeliveryRow[]) => this.repo.release(rows.map((r) => r.id), this.opts.instance, new Date().toISOString());
    for (let i = 0; i < lane.length; i++) {
      if (this.stopped || Date.now() > lockedUntil - spare) return putBack(lane.slice(i));
      if (!(await this.attempt(lane[i], summary))) return putBack(lane.slice(i + 1));
    }
  }

  /** Sends one row and records the outcome; true when it was delivered. */
  private async attempt(row: DeliveryRow, summary: OutboxRun): Promise<boolean> {
    let error: string | null = null;
    let final = false;
    let retryAfterMs: number | null = null;
    try {
      const send = row.channel_id ? this.sendToChannel : this.channels[row.channel];
      if (!send) throw new Error(`unknown channel ${row.channel}`);
      await send(row);
    } catch (e) {
      error = (e instanceof ChannelFailure ? e.reason : e instanceof Error ? e.message : String(e)).slice(0, 1000) || 'unknown error';
      final = e instanceof FinalFailure;
      retryAfterMs = e instanceof ChannelFailure ? e.retryAfterMs : null;
    }
    const attempts = row.attempts + 1;
    const now = Date.now();
    const delays = this.opts.retryDelays;
    // A receiver that says when to come back (429/503 with Retry-After) is asked again then, not at the next delay.
    const waitMs = retryAfterMs ?? (delays[attempts - 1] ?? 0) * 1000;
    const outcome = error === null
      ? { status: 'delivered' as const, attempts, nextAttemptAt: null, lastError: null }
      : final || attempts > delays.length
        ? { status: 'failed' as const, attempts, nextAttemptAt: null, lastError: error }
        : { status: 'pending' as const, attempts, nextAttemptAt: new Date(now + waitMs).toISOString(), lastError: error };
    const recorded = await this.repo.finish(row.id, this.opts.instance, outcome, new Date(now).toISOString());
    if (!recorded) this.logger.warn({ delivery: row.id }, 'delivery lock lost before its outcome was recorded');
    if (outcome.status === 'delivered') summary.delivered++;
    else if (outcome.status === 'failed') summary.failed++;
    else summary.retrying++;
    if (error) this.logger.info({ delivery: row.id, channel: row.channel, attempts, status: outcome.status, error }, 'delivery attempt failed');
    await this.onOutcome?.(row, outcome.status);
    return error === null;
  }
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
