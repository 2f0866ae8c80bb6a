import pino from 'pino';

const BATCH_BYTES = 16 * 1024;
const BATCH_MS = 1000;

/**
 * stdout for the logs, in batches: lines are gathered and written together once 16 KiB are pending, and at least
 * every second. One write per request was a quarter of the server's CPU under load; sonic-boom's own batching
 * (`minLength`) measures its whole pending text again for every line, which made each line cost as much as a
 * health check. `flush` and the process's exit write what is pending.
 */
export class BatchedStdout {
  private readonly out: ReturnType<typeof pino.destination>;
  private lines: string[] = [];
  private pending = 0;

  constructor() {
    // Before the destination registers its own exit flush, so that the pending lines are written first.
    process.once('exit', () => this.flushSync());
    this.out = pino.destination({ dest: 1, sync: false });
    setInterval(() => this.flush(), BATCH_MS).unref();
  }

  write(line: string): boolean {
    this.lines.push(line);
    this.pending += line.length;
    if (this.pending >= BATCH_BYTES) this.writePending();
    return true;
  }

  flush(done?: (error?: Error) => void): void {
    this.writePending();
    this.out.flush(done);
  }

  flushSync(): void {
    this.writePending();
    try {
      this.out.flushSync();
    } catch {
      // stdout already closed or still busy with an async write at exit: nothing more can be done.
    }
  }

  private writePending(): void {
    if (this.lines.length === 0) return;
    this.out.write(this.lines.join(''));
    this.lines = [];
    this.pending = 0;
  }
}
