import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import type { HistoryRepository, NewSample, Resolution, SampleRow } from './history.repository.js';
import { aggregateRows, MAX_COLUMNS, MinuteAccumulator, STORED_FIELDS, valuesOf, type MaxValues, type SampleValues } from './sample-fields.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const UPTIME_WINDOW_MS = 30 * DAY_MS;

/** Keep times of metrics.md §4.1; the day tier's comes from METRICS_RETENTION_DAYS. */
export const keepMs = (resolution: Resolution, retentionDays: number): number =>
  resolution === 'minute' ? 48 * HOUR_MS : resolution === 'hour' ? 35 * DAY_MS : retentionDays * DAY_MS;

const iso = (ms: number) => new Date(ms).toISOString();
const floorTo = (ms: number, unit: number) => Math.floor(ms / unit) * unit;

function row(host: string, resolution: Resolution, at: number, values: SampleValues, max: MaxValues | null, count: number): NewSample {
  const out: Record<string, unknown> = { host, resolution, timestamp: iso(at), sample_count: count, created_at: new Date().toISOString() };
  for (const f of STORED_FIELDS) out[f] = values[f] ?? (f === 'cpu_temperature' ? null : 0);
  for (const c of MAX_COLUMNS) out[c] = max ? max[c] : null;
  return out as unknown as NewSample;
}

/**
 * The host's history (metrics.md §4): a minute sample at every whole minute from the readings since the previous
 * one, hour and day samples once their period has ended, and retention. `tick` runs once per host (job lock).
 */
export class HistoryService {
  readonly accumulator = new MinuteAccumulator();
  private lastMinute: number | null = null;
  /** Wall time of this instance's latest minute sample (0: it does not sample, another instance holds the lock). */
  lastSampledAt = 0;

  constructor(
    private readonly repo: HistoryRepository,
    readonly host: string,
    private readonly retentionDays: number,
    /** A host reading at most `maxAgeMs` old (shared with the live sampler). */
    private readonly reading: (maxAgeMs: number) => Promise<MetricsSnapshot>,
  ) {}

  /** Once per minute: stores the minute's sample (unless already stored), then aggregates ended hours and days. */
  async tick(now: number = Date.now()): Promise<void> {
    const minute = floorTo(now, MINUTE_MS);
    if (this.lastMinute === minute) return;
    const snapshot = await this.reading(1000); // every new reading also feeds the accumulator
    await this.repo.insert(row(this.host, 'minute', minute, this.accumulator.take() ?? valuesOf(snapshot), null, 1));
    this.lastMinute = minute;
    this.lastSampledAt = Date.now();
    await this.aggregate(now);
  }

  /** Builds the hour samples of ended hours and the day samples of ended days that do not exist yet. */
  async aggregate(now: number = Date.now()): Promise<void> {
    await this.aggregateTier('minute', 'hour', HOUR_MS, floorTo(now, HOUR_MS));
    await this.aggregateTier('hour', 'day', DAY_MS, floorTo(now, DAY_MS));
  }

  private async aggregateTier(source: Resolution, target: Resolution, unit: number, end: number): Promise<void> {
    const last = await this.repo.latest(this.host, target);
    const firstSource = last ? undefined : await this.repo.earliest(this.host, source);
    const start = last ? Date.parse(last) + unit : firstSource ? floorTo(Date.parse(firstSource), unit) : null;
    if (start === null || start >= end) return;
    const groups = new Map<number, SampleRow[]>();
    for (const r of await this.repo.range(this.host, source, iso(start), iso(end))) {
      const bucket = floorTo(Date.parse(r.timestamp), unit);
      const list = groups.get(bucket) ?? [];
      list.push(r);
      groups.set(bucket, list);
    }
    for (const [bucket, rows] of [...groups].sort(([a], [b]) => a - b)) {
      const { values, max, sampleCount } = aggregateRows(rows);
      await this.repo.insert(row(this.host, target, bucket, values, max, sampleCount));
    }
  }

  /** Deletes the samples past each tier's keep time; returns how many went. */
  async prune(now: number = Date.now()): Promise<number> {
    let n = 0;
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      n += await this.repo.deleteBefore(this.host, resolution, iso(now - keepMs(resolution, this.retentionDays)));
    }
    return n;
  }

  /** `uptime.percentage` of metrics.md §2: minute samples taken in the window ÷ its length in minutes. */
  async uptimePercentage(now: number = Date.now()): Promise<number> {
    const first = await this.repo.earliest(this.host);
    if (!first) return 100;
    const windowStart = Math.max(now - UPTIME_WINDOW_MS, Date.parse(first));
    const minutes = (now - windowStart) / MINUTE_MS;
    if (minutes < 1) return 100;
    const lastHour = await this.repo.latest(this.host, 'hour');
    const minutesFrom = lastHour ? Math.max(windowStart, Date.parse(lastHour) + HOUR_MS) : windowStart;
    const [hourCount, minuteCount] = await Promise.all([
      this.repo.sampleCount(this.host, 'hour', iso(windowStart)),
      this.repo.sampleCount(this.host, 'minute', iso(minutesFrom)),
    ]);
    return Math.min(100, Math.round(((hourCount + minuteCount) / minutes) * 100 * 100) / 100);
  }
}
