import { throttled } from '../../errors.js';

export const CONCURRENCY_MESSAGE = 'Too many tool runs in progress. Try again shortly.';
const CONCURRENCY_RETRY_SECONDS = 5;
const WINDOW_MS = 60_000;

export interface ToolLimitSettings {
  /** `TOOLS_MAX_CONCURRENT` (config.md §10). */
  maxConcurrent: number;
  /** `TOOLS_MAX_PER_USER`. */
  maxPerUser: number;
  /** `TOOLS_RATE_PER_MINUTE`. */
  ratePerMinute: number;
}

export const DEFAULT_TOOL_LIMITS: ToolLimitSettings = { maxConcurrent: 4, maxPerUser: 2, ratePerMinute: 30 };

/** In-process concurrency and per-minute rate limits of tool runs (tools.md §4). */
export class ToolLimiter {
  private running = 0;
  private readonly perUser = new Map<number, number>();
  private readonly exclusiveBusy = new Set<string>();
  /** Start times of the runs of each user within the last minute, oldest first. */
  private readonly recent = new Map<number, number[]>();

  constructor(
    private readonly settings: ToolLimitSettings = DEFAULT_TOOL_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Admits one run or throws Throttled. The returned function releases the slot; calling it
   * more than once has no further effect.
   */
  acquire(userId: number, tool: string, exclusive = false): () => void {
    const userRunning = this.perUser.get(userId) ?? 0;
    if (
      this.running >= this.settings.maxConcurrent ||
      userRunning >= this.settings.maxPerUser ||
      (exclusive && this.exclusiveBusy.has(tool))
    ) {
      throw throttled(CONCURRENCY_MESSAGE, CONCURRENCY_RETRY_SECONDS);
    }

    const now = this.now();
    const times = (this.recent.get(userId) ?? []).filter((t) => t > now - WINDOW_MS);
    if (times.length >= this.settings.ratePerMinute) {
      this.recent.set(userId, times);
      const wait = Math.max(1, Math.ceil((times[0] + WINDOW_MS - now) / 1000));
      throw throttled(`Too many tool runs. Try again in ${wait} seconds.`, wait);
    }
    times.push(now);
    this.recent.set(userId, times);

    this.running += 1;
    this.perUser.set(userId, userRunning + 1);
    if (exclusive) this.exclusiveBusy.add(tool);

    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      const left = (this.perUser.get(userId) ?? 1) - 1;
      if (left > 0) this.perUser.set(userId, left);
      else this.perUser.delete(userId);
      if (exclusive) this.exclusiveBusy.delete(tool);
    };
  }

  /** Runs in progress, for tests and metrics. */
  get inProgress(): number {
    return this.running;
  }
}
