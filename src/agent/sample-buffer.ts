/** One taken sample and its place in the agent's sequence. */
export interface Buffered<T> { seq: number; item: T }

/**
 * The samples not yet acknowledged by the server, oldest first, at most `capacity` (AGENT_BUFFER_S ÷
 * AGENT_INTERVAL_S): when full, the oldest is dropped and counted. Sent samples stay until their ack arrives, so
 * a connection lost mid-send loses nothing; the server ignores the repeats a lost ack causes.
 */
export class SampleBuffer<T> {
  private items: Array<Buffered<T>> = [];
  private nextSeq = 1;
  /** Samples dropped because the buffer was full. */
  dropped = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push({ seq: this.nextSeq++, item });
    while (this.items.length > Math.max(1, this.capacity)) {
      this.items.shift();
      this.dropped++;
    }
  }

  /** The oldest samples, up to `max` and `maxBytes` of JSON (at least one). */
  peek(max: number, maxBytes: number): Array<Buffered<T>> {
    const out: Array<Buffered<T>> = [];
    let bytes = 0;
    for (const entry of this.items) {
      bytes += JSON.stringify(entry.item).length;
      if (out.length >= max || (out.length > 0 && bytes > maxBytes)) break;
      out.push(entry);
    }
    return out;
  }

  /** Drops every sample up to `seq` (acknowledged). */
  ackThrough(seq: number): void {
    let n = 0;
    while (n < this.items.length && this.items[n].seq <= seq) n++;
    if (n > 0) this.items.splice(0, n);
  }
}
