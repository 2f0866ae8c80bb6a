import type { Logger } from 'pino';
import type { ChannelSender } from '../channels/channels.js';
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
}

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
      const rows = await this.repo.claim(this.opts.instance, new Date(now).toISOString(), new Date(now + lockMs).toISOString(), batchSize);
      if (!rows.length) break;
      await inParallel(rows, this.opts.concurrency ?? 5, (row) => this.attempt(row, summary));
    }
    return summary;
  }

  private async attempt(row: DeliveryRow, summary: OutboxRun): Promise<void> {
    let error: string | null = null;
    try {
      const send = this.channels[row.channel];
      if (!send) throw new Error(`unknown channel ${row.channel}`);
      await send(row);
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 1000) || 'unknown error';
    }
    const attempts = row.attempts + 1;
    const now = Date.now();
    const delays = this.opts.retryDelays;
    const outcome = error === null
      ? { status: 'delivered' as const, attempts, nextAttemptAt: null, lastError: null }
      : attempts > delays.length
        ? { status: 'failed' as const, attempts, nextAttemptAt: null, lastError: error }
        : { status: 'pending' as const, attempts, nextAttemptAt: new Date(now + delays[attempts - 1] * 1000).toISOString(), lastError: error };
    const recorded = await this.repo.finish(row.id, this.opts.instance, outcome, new Date(now).toISOString());
    if (!recorded) this.logger.warn({ delivery: row.id }, 'delivery lock lost before its outcome was recorded');
    if (outcome.status === 'delivered') summary.delivered++;
    else if (outcome.status === 'failed') summary.failed++;
    else summary.retrying++;
    if (error) this.logger.info({ delivery: row.id, channel: row.channel, attempts, status: outcome.status, error }, 'delivery attempt failed');
  }
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
