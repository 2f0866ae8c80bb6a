import { isIPv6 } from 'node:net';
import { fpingSweep } from '../../../system/network/fping.js';
import type { CheckContext, CheckResult, MonitorSpec } from '../monitor-types.js';
import { timeoutResult } from './check-errors.js';
import { addressOf } from './name-lookup.js';

/** Ping checks arriving within this window share one fping process. */
const BATCH_WINDOW_MS = 25;
const MAX_BATCH = 256;

interface Waiter { address: string; resolve: (rtt: number | null) => void; timeoutMs: number }

/**
 * `ping` monitors in batches: the checks due within a few milliseconds of each other are sent by one fping process
 * (one per address family), so 500 ping monitors cost a few processes a second instead of 500. A check that times
 * out only drops its own wait; the batch goes on for the others.
 */
export class PingBatcher {
  private pending: Waiter[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly controller = new AbortController();

  constructor(private readonly dnsServers: readonly string[], private readonly sweep = fpingSweep) {}

  async check(m: MonitorSpec, ctx: CheckContext): Promise<CheckResult> {
    const address = await addressOf(m.target!, this.dnsServers);
    if (!address) return { status: 'down', responseMs: null, message: 'Host not found' };
    const rtt = await new Promise<number | null | 'aborted'>((resolve) => {
      if (ctx.signal.aborted) return resolve('aborted');
      ctx.signal.addEventListener('abort', () => resolve('aborted'), { once: true });
      this.enqueue({ address, resolve, timeoutMs: ctx.timeoutMs });
    });
    if (rtt === 'aborted') return timeoutResult(ctx.timeoutMs);
    if (rtt === null) return { status: 'down', responseMs: null, message: `No reply from ${address}` };
    return { status: 'up', responseMs: rtt, message: `Reply from ${address} in ${rtt} ms` };
  }

  async close(): Promise<void> {
    this.controller.abort();
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.pending) w.resolve(null);
    this.pending = [];
    await Promise.allSettled([...this.inFlight]);
  }

  private enqueue(waiter: Waiter): void {
    this.pending.push(waiter);
    if (this.pending.length >= MAX_BATCH) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), BATCH_WINDOW_MS);
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    for (const family of [4, 6]) {
      const waiters = batch.filter((w) => isIPv6(w.address) === (family === 6));
      if (waiters.length) this.send(waiters);
    }
  }

  private send(waiters: Waiter[]): void {
    const addresses = [...new Set(waiters.map((w) => w.address))];
    // fping tries twice; each try may take half the shortest timeout of the batch (at most 1 s).
    const perTry = Math.min(1000, Math.max(100, Math.min(...waiters.map((w) => w.timeoutMs)) / 2 - 50));
    const run = this.sweep({ addresses, timeoutMs: perTry, signal: this.controller.signal })
      .then((alive) => waiters.forEach((w) => w.resolve(alive.get(w.address) ?? null)))
      .catch(() => waiters.forEach((w) => w.resolve(null)))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }
}
