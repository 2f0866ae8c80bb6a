import type { Heartbeat } from '../monitor-types.js';

/** Upper bounds (ms) of the response-time histogram, as migration 009 made its columns h0…h15. */
export const RESPONSE_BUCKETS_MS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 60_000];
export const HISTOGRAM_COLUMNS = Array.from({ length: RESPONSE_BUCKETS_MS.length + 1 }, (_, i) => `h${i}`);

export type TierTable = 'monitor_minutes' | 'monitor_hours' | 'monitor_days';
export const TIERS: ReadonlyArray<{ table: TierTable; ms: number; keepDays: number }> = [
  { table: 'monitor_minutes', ms: 60_000, keepDays: 30 },
  { table: 'monitor_hours', ms: 3_600_000, keepDays: 400 },
  { table: 'monitor_days', ms: 86_400_000, keepDays: 400 },
];

/** The counts of one monitor in one bucket. */
export interface Counts {
  up: number; down: number; pending: number; maintenance: number;
  rt_sum: number; rt_count: number; rt_max: number | null;
  hist: number[];
}

export const emptyCounts = (): Counts => ({ up: 0, down: 0, pending: 0, maintenance: 0, rt_sum: 0, rt_count: 0, rt_max: null, hist: HISTOGRAM_COLUMNS.map(() => 0) });

export function bucketIndex(ms: number): number {
  const i = RESPONSE_BUCKETS_MS.findIndex((bound) => ms <= bound);
  return i < 0 ? RESPONSE_BUCKETS_MS.length : i;
}

export function addBeat(c: Counts, beat: Heartbeat): void {
  c[beat.status]++;
  if (beat.response_ms !== null && beat.status !== 'maintenance') {
    c.rt_sum += beat.response_ms;
    c.rt_count++;
    c.rt_max = c.rt_max === null ? beat.response_ms : Math.max(c.rt_max, beat.response_ms);
    c.hist[bucketIndex(beat.response_ms)]++;
  }
}

export const bucketStart = (timeMs: number, tierMs: number) => new Date(Math.floor(timeMs / tierMs) * tierMs).toISOString();

/** Up share: pending counts as up (not declared down yet), maintenance is left out; null without checks. */
export function ratioOf(c: Counts): number | null {
  const total = c.up + c.pending + c.down;
  return total ? (c.up + c.pending) / total : null;
}

export const averageOf = (c: Counts): number | null => (c.rt_count ? Math.round((c.rt_sum / c.rt_count) * 10) / 10 : null);

/** The 95th percentile from the histogram, interpolated within its bucket (capped by the largest value seen). */
export function p95Of(c: Counts): number | null {
  if (!c.rt_count) return null;
  const rank = 0.95 * c.rt_count;
  let seen = 0;
  for (let i = 0; i < c.hist.length; i++) {
    if (seen + c.hist[i] >= rank && c.hist[i] > 0) {
      const lower = i === 0 ? 0 : RESPONSE_BUCKETS_MS[i - 1];
      const upper = i < RESPONSE_BUCKETS_MS.length ? RESPONSE_BUCKETS_MS[i] : (c.rt_max ?? lower);
      const value = lower + ((rank - seen) / c.hist[i]) * (upper - lower);
      return Math.round(Math.min(value, c.rt_max ?? value) * 10) / 10;
    }
    seen += c.hist[i];
  }
  return c.rt_max;
}
