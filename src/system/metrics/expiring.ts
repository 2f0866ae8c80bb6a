/** A value computed on demand and kept for `ttlMs` (times from the collector's monotonic clock). */
export class Expiring<T> {
  private value?: T;
  private at = 0;

  constructor(private readonly ttlMs: number) {}

  get(now: number, compute: () => T): T {
    if (this.value === undefined || now - this.at >= this.ttlMs || now < this.at) {
      this.value = compute();
      this.at = now;
    }
    return this.value;
  }
}
