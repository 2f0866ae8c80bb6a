import type { Redis } from 'ioredis';
import type { ClientEvent, EventBus } from '../realtime/bus.js';
import { PROGRESS_KEY } from './keys.js';

/**
 * The last progress each scan announced, kept in Redis by the worker running it. The record is written only
 * every 2 s, so a retry on another worker (or the final event of a scan whose worker died) starts from this
 * value instead: `progress` never decreases within a scan (realtime.md §6.1).
 */
export class ProgressMemory {
  constructor(private readonly redis: Redis) {}

  /** Remembers every `scan_progress` this process emits; forgets a scan at its last event. */
  follow(bus: EventBus): void {
    bus.on('client', (e: ClientEvent) => {
      if (e.event !== 'scan_progress') return;
      const p = e.payload as { scan_id: string; progress: number; is_complete: boolean };
      const write = p.is_complete ? this.forget(p.scan_id) : this.redis.hset(PROGRESS_KEY, p.scan_id, String(p.progress));
      write.catch(() => undefined);
    });
  }

  async floor(scanId: string): Promise<number> {
    try {
      return Number(await this.redis.hget(PROGRESS_KEY, scanId)) || 0;
    } catch {
      return 0;
    }
  }

  forget(scanId: string): Promise<number> {
    return this.redis.hdel(PROGRESS_KEY, scanId);
  }
}
