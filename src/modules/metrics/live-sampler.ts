import type { Logger } from 'pino';
import { pickGroups, type MetricsGroup, type MetricsSnapshot, type PartialMetricsSnapshot } from '../../system/metrics/snapshot.js';

export type MetricsSend = (payload: PartialMetricsSnapshot) => void;

/** A client-facing metrics object and the monotonic time of the host reading it comes from. */
export interface TimedSnapshot { snapshot: MetricsSnapshot; at: number }

interface Subscription {
  send: MetricsSend;
  intervalMs: number;
  groups: MetricsGroup[];
  lastSentAt: number | null;
  nextDueAt: number;
  /** The reading last sent (its time and timestamp): a subscriber never gets the same reading twice. */
  readingAt: number | null;
  readingStamp: string | null;
}

export interface LiveSamplerOptions {
  floorMs: number;
  /** The metrics object from a reading at most `maxAgeMs` old (shared with every other reader). */
  source: (maxAgeMs: number) => Promise<TimedSnapshot>;
  logger?: Logger;
  now?: () => number;
}

/** Timers may fire a hair early against performance.now(); this much early still counts as due. */
const JITTER_MS = 2;

/**
 * Per-subscriber metrics pushes (realtime.md §5). One timer, armed only while someone is subscribed, wakes at the
 * earliest due subscription. Every push takes the latest reading when it is younger than the floor and samples
 * otherwise, so the host is read at most once per floor whatever the number and phases of the subscribers; a
 * subscription is due `interval` after its last push and no sooner than a floor after the reading it last got.
 */
export class LiveSampler {
  private readonly subs = new Map<string, Subscription>();
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private inProgress: Promise<void> | undefined;
  private lastStamp: string | null = null;
  /** Distinct readings pushed (tests and the benchmark watch it). */
  samplings = 0;
  /** metrics_update payloads handed to subscribers. */
  pushes = 0;

  constructor(private readonly opts: LiveSamplerOptions) {
    this.now = opts.now ?? (() => performance.now());
  }

  get running(): boolean {
    return this.timer !== undefined || this.busy;
  }

  get subscriberCount(): number {
    return this.subs.size;
  }

  current(id: string): { intervalMs: number; groups: MetricsGroup[] } | undefined {
    const s = this.subs.get(id);
    return s && { intervalMs: s.intervalMs, groups: [...s.groups] };
  }

  /** Adds or changes a subscription. A new one is due at once (the push right after connect). */
  subscribe(id: string, send: MetricsSend, intervalMs: number, groups: MetricsGroup[]): void {
    const existing = this.subs.get(id);
    const lastSentAt = existing?.lastSentAt ?? null;
    this.subs.set(id, {
      send, intervalMs, groups: [...groups], lastSentAt,
      nextDueAt: lastSentAt === null ? this.now() : lastSentAt + intervalMs,
      readingAt: existing?.readingAt ?? null, readingStamp: existing?.readingStamp ?? null,
    });
    this.reschedule();
  }

  unsubscribe(id: string): void {
    this.subs.delete(id);
    this.reschedule();
  }

  /** Ends every subscription; resolves once a push in progress has finished. */
  async stop(): Promise<void> {
    this.subs.clear();
    this.reschedule();
    await this.inProgress;
  }

  private dueAt(s: Subscription): number {
    return s.readingAt === null ? s.nextDueAt : Math.max(s.nextDueAt, s.readingAt + this.opts.floorMs);
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.busy || this.subs.size === 0) return;
    let wakeAt = Infinity;
    for (const s of this.subs.values()) wakeAt = Math.min(wakeAt, this.dueAt(s));
    this.timer = setTimeout(() => {
      this.inProgress = this.wake();
    }, Math.max(0, wakeAt - this.now()));
    this.timer.unref?.();
  }

  private async wake(): Promise<void> {
    this.timer = undefined;
    this.busy = true;
    const now = this.now();
    const due = [...this.subs.entries()].filter(([, s]) => this.dueAt(s) <= now + JITTER_MS);
    try {
      if (due.length > 0) {
        const { snapshot, at } = await this.opts.source(this.opts.floorMs);
        if (snapshot.timestamp !== this.lastStamp) this.samplings++;
        this.lastStamp = snapshot.timestamp;
        const sentAt = this.now();
        for (const [id, sub] of due) {
          // Left or re-subscribed while sampling, or already has this reading (a timer that fired early).
          if (this.subs.get(id) !== sub || sub.readingStamp === snapshot.timestamp) continue;
          Object.assign(sub, { lastSentAt: sentAt, nextDueAt: sentAt + sub.intervalMs, readingAt: at, readingStamp: snapshot.timestamp });
          this.pushes++;
          sub.send(pickGroups(snapshot, sub.groups));
        }
      }
    } catch (err) {
      this.opts.logger?.error({ err }, 'live metrics sampling failed');
      for (const [, sub] of due) sub.nextDueAt = this.now() + sub.intervalMs;
    } finally {
      this.busy = false;
      this.reschedule();
    }
  }
}
