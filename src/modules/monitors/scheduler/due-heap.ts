/** A binary min-heap of (time, id); stale items are left in and skipped by the reader. */
export class DueHeap {
  private readonly times: number[] = [];
  private readonly ids: string[] = [];

  get size(): number {
    return this.times.length;
  }

  push(id: string, time: number): void {
    this.times.push(time);
    this.ids.push(id);
    let i = this.times.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent] <= time) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  peekTime(): number | undefined {
    return this.times[0];
  }

  peek(): { id: string; time: number } | undefined {
    return this.times.length ? { id: this.ids[0], time: this.times[0] } : undefined;
  }

  pop(): { id: string; time: number } | undefined {
    if (!this.times.length) return undefined;
    const top = { id: this.ids[0], time: this.times[0] };
    const lastTime = this.times.pop()!;
    const lastId = this.ids.pop()!;
    if (this.times.length) {
      this.times[0] = lastTime;
      this.ids[0] = lastId;
      this.sink(0);
    }
    return top;
  }

  private sink(i: number): void {
    const n = this.times.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.times[l] < this.times[m]) m = l;
      if (r < n && this.times[r] < this.times[m]) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b], this.times[a]];
    [this.ids[a], this.ids[b]] = [this.ids[b], this.ids[a]];
  }
}
