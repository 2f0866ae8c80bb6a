/** The last `size` lateness samples (ms), for p50/p99/max without keeping every one. */
export class LatencyReservoir {
  private readonly samples: number[] = [];
  private next = 0;
  private max = 0;

  constructor(private readonly size: number) {}

  add(ms: number): void {
    if (this.samples.length < this.size) this.samples.push(ms);
    else this.samples[this.next] = ms;
    this.next = (this.next + 1) % this.size;
    if (ms > this.max) this.max = ms;
  }

  summary(): { p50: number; p99: number; max: number; samples: number } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0);
    return { p50: at(0.5), p99: at(0.99), max: this.max, samples: sorted.length };
  }
}
