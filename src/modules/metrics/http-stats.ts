import type { PrometheusExtras } from '../../system/metrics/prometheus.js';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Request counts and a duration histogram of this instance, for `everyst_http_*` of metrics.md §6. */
export class HttpStats {
  private readonly counts = new Map<string, { method: string; route: string; status: number; count: number }>();
  private readonly bucketCounts = BUCKETS.map(() => 0);
  private sum = 0;
  private total = 0;

  /** `route` is the matched route pattern (bounded label set), or "unmatched". */
  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    const entry = this.counts.get(key);
    if (entry) entry.count++;
    else this.counts.set(key, { method, route, status, count: 1 });
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.bucketCounts[i]++;
    });
    this.sum += seconds;
    this.total++;
  }

  extras(): Pick<PrometheusExtras, 'httpRequests' | 'httpDurations'> {
    return {
      httpRequests: [...this.counts.values()].map((e) => ({ ...e })),
      httpDurations: { buckets: BUCKETS, cumulativeCounts: [...this.bucketCounts], sum: this.sum, count: this.total },
    };
  }
}
