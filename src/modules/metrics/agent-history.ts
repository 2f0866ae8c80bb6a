import type { Logger } from 'pino';
import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import type { HistoryRepository, SampleRow } from './history.repository.js';
import { HistoryService, MINUTE_MS } from './history.service.js';
import { MAX_COLUMNS, STORED_FIELDS, valuesOf, weightedMeans, type SampleValues } from './sample-fields.js';

/** A minute is written this long after it ended, when no later sample has closed it before. */
const CLOSE_GRACE_MS = 5000;

interface Bucket { minute: number; values: SampleValues[] }

const noReading = () => Promise.reject(new Error('an agent host is not sampled by the server'));

/**
 * The history of agent hosts (metrics.md §4, monitoring.md §6) in the same tiers as the server's own: a minute
 * sample per whole minute of the samples' own timestamps (so a backlog lands in the minutes it was taken in),
 * `sample_count` the samples it holds, then the same hour and day aggregation and retention as the server's host.
 * A minute written twice (a restart in the middle of it, a backlog) is merged, weighted by sample counts.
 */
export class AgentHistory {
  private readonly buckets = new Map<string, Bucket>();
  private readonly tiers = new Map<string, HistoryService>();
  private writes: Promise<void> = Promise.resolve();
  /** Minute samples written (tests and the benchmark watch it). */
  minutesWritten = 0;

  constructor(private readonly repo: HistoryRepository, private readonly retentionDays: number, private readonly logger?: Logger) {}

  record(host: string, snapshot: MetricsSnapshot): void {
    const minute = Math.floor(Date.parse(snapshot.timestamp) / MINUTE_MS) * MINUTE_MS;
    let bucket = this.buckets.get(host);
    if (bucket && bucket.minute !== minute) {
      this.write(host, bucket);
      bucket = undefined;
    }
    if (!bucket) this.buckets.set(host, (bucket = { minute, values: [] }));
    bucket.values.push(valuesOf(snapshot));
  }

  /** Writes the minutes that ended (plus a grace) without a later sample closing them: the agent fell silent. */
  flushEnded(now: number = Date.now()): Promise<void> {
    for (const [host, bucket] of this.buckets) {
      if (bucket.minute + MINUTE_MS + CLOSE_GRACE_MS <= now) this.write(host, bucket);
    }
    return this.writes;
  }

  /** Writes every open minute (shutdown). */
  flushAll(): Promise<void> {
    for (const [host, bucket] of this.buckets) this.write(host, bucket);
    return this.writes;
  }

  /** Drops an agent's open minute and its whole history (the agent was deleted). */
  forget(host: string): Promise<void> {
    this.buckets.delete(host);
    this.tiers.delete(host);
    this.writes = this.writes.then(() => this.repo.deleteHost(host).then(() => undefined));
    return this.writes;
  }

  /** Retention of metrics.md §4.1 for each agent host, after aggregating what ended (agents that fell silent). */
  async prune(hosts: readonly string[], now: number = Date.now()): Promise<number> {
    let n = 0;
    for (const host of hosts) {
      await this.tiersOf(host).aggregate(now);
      n += await this.tiersOf(host).prune(now);
    }
    return n;
  }

  private tiersOf(host: string): HistoryService {
    let tiers = this.tiers.get(host);
    if (!tiers) this.tiers.set(host, (tiers = new HistoryService(this.repo, host, this.retentionDays, noReading)));
    return tiers;
  }

  private write(host: string, bucket: Bucket): void {
    if (this.buckets.get(host) === bucket) this.buckets.delete(host);
    if (bucket.values.length === 0) return;
    this.writes = this.writes.then(async () => {
      try {
        await this.store(host, bucket);
        this.minutesWritten++;
        // In the samples' time, not the wall clock's: an hour is aggregated once a minute after it is written, so a
        // backlog that crosses the hour fills the hour's minutes before they are aggregated.
        await this.tiersOf(host).aggregate(bucket.minute + MINUTE_MS);
      } catch (err) {
        this.logger?.error({ err, host }, 'writing an agent\'s history failed');
      }
    });
  }

  private async store(host: string, bucket: Bucket): Promise<void> {
    const timestamp = new Date(bucket.minute).toISOString();
    const fresh = { values: weightedMeans(bucket.values.map((values) => ({ values, weight: 1 }))), count: bucket.values.length };
    const row = (values: SampleValues, count: number) => {
      const out: Record<string, unknown> = { host, resolution: 'minute', timestamp, sample_count: count, created_at: new Date().toISOString() };
      for (const f of STORED_FIELDS) out[f] = values[f] ?? (f === 'cpu_temperature' ? null : 0);
      for (const c of MAX_COLUMNS) out[c] = null;
      return out as unknown as Parameters<HistoryRepository['insert']>[0];
    };
    if (await this.repo.insert(row(fresh.values, fresh.count))) return;
    const [existing] = await this.repo.range(host, 'minute', timestamp, timestamp, true);
    if (!existing) return;
    const merged = weightedMeans([
      { values: existing as SampleRow, weight: Math.max(1, existing.sample_count) },
      { values: fresh.values, weight: fresh.count },
    ]);
    await this.repo.replaceMinute(existing.id, row(merged, existing.sample_count + fresh.count));
  }
}
