import type { Logger } from 'pino';
import type { Heartbeat } from './monitor-types.js';
import type { MonitorRunState, MonitorsRepository } from './monitors.repository.js';

/** What the writer needs of the heartbeat history (history/). */
export interface HeartbeatSink {
  recordMany(beats: Heartbeat[]): Promise<void>;
}

const FLUSH_MS = 1000;
const FLUSH_AT = 500;

/**
 * Heartbeats and run states written in batches (one transaction each, about once a second): 2,000 monitors at
 * 30 s give ~67 checks a second, which one write per check would turn into as many commits. A state always
 * reaches the database with (or before) the heartbeat that caused it; an important beat flushes at once.
 */
export class MonitorWriter {
  private beats: Heartbeat[] = [];
  private readonly states = new Map<string, MonitorRunState>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly repo: MonitorsRepository, private readonly history: HeartbeatSink, private readonly logger: Logger) {}

  push(id: string, state: MonitorRunState, beat: Heartbeat | null): void {
    this.states.set(id, state);
    if (beat) this.beats.push(beat);
    if (beat?.important || this.beats.length >= FLUSH_AT) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Forgets what is queued for a deleted monitor. */
  drop(id: string): void {
    this.states.delete(id);
    this.beats = this.beats.filter((b) => b.monitor_id !== id);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const beats = this.beats;
    const states = [...this.states].map(([id, state]) => ({ id, state }));
    this.beats = [];
    this.states.clear();
    this.writing = this.writing.then(async () => {
      if (!beats.length && !states.length) return;
      try {
        await this.repo.saveStates(states);
        await this.history.recordMany(beats);
      } catch (err) {
        this.logger.error({ err, beats: beats.length }, 'monitor results could not be stored');
      }
    });
    return this.writing;
  }
}
