import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { timeoutResult } from '../modules/monitors/checks/check-errors.js';
import type { ActiveChecks } from '../modules/monitors/monitor-runner.js';
import type { CheckResult, MonitorSpec } from '../modules/monitors/monitor-types.js';
import type { StoredMonitor } from '../modules/monitors/monitors.repository.js';
import { closeRedis, createRedis, type RedisConfig } from '../realtime/redis-connection.js';
import { monitorChecksChannel } from './keys.js';
import { workerStoppedResult, type CheckReply, type CheckReplyBatch, type CheckRequest, type CheckRequestBatch } from './monitor-dispatch.js';

/** Results to one asker within this window go back in one message. */
const BATCH_WINDOW_MS = 20;
/** A check that ignores its abort is answered as timed out this long after its timeout. */
const ABANDON_GRACE_MS = 500;
const CACHE_LIMIT = 50_000;

/** What the worker reads of the monitors table. */
export interface MonitorDefinitions {
  getMany(ids: readonly string[]): Promise<StoredMonitor[]>;
}

/**
 * The worker side of pinned monitor checks (monitor-dispatch.ts): listens on its channel, loads the definitions
 * it is asked to check from the shared database (cached by `updated_at`), runs them with the ordinary checks
 * within the timeout the request carries and publishes the results in batches. A new request for a monitor
 * still being checked here aborts the old one (its asker gave up on it): checks of one monitor never overlap.
 */
export class MonitorCheckWorker {
  private subscriber: Redis | null = null;
  private readonly definitions = new Map<string, StoredMonitor>();
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void>; stopped: boolean }>();
  private readonly replies = new Map<string, CheckReply[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private accepting = false;
  /** Checks run here so far. */
  checked = 0;

  constructor(private readonly deps: {
    name: string;
    redisConfig: RedisConfig;
    /** The worker's command connection: results are published on it. */
    redis: Redis;
    definitions: MonitorDefinitions;
    checks: ActiveChecks;
    dnsServers: readonly string[];
    logger: Logger;
  }) {}

  /** True once subscribed: the registration announces `monitorChecks` from then on. */
  get ready(): boolean {
    return this.accepting;
  }

  async start(): Promise<void> {
    const subscriber = createRedis(this.deps.redisConfig, 'waiting', 'worker-monitor-checks', this.deps.logger);
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.onRequests(message));
    await subscriber.subscribe(monitorChecksChannel(this.deps.name));
    this.accepting = true;
  }

  /** No new checks; those running get `graceMs` (at most their timeout), then are aborted; results are sent. */
  async stop(graceMs: number): Promise<void> {
    this.accepting = false;
    await this.subscriber?.unsubscribe().catch(() => undefined);
    const all = () => Promise.allSettled([...this.running.values()].map((r) => r.done));
    await Promise.race([all(), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
    for (const r of this.running.values()) {
      r.stopped = true;
      r.controller.abort();
    }
    await all();
    await this.flush();
    if (this.subscriber) await closeRedis(this.subscriber);
    await this.deps.checks.close();
  }

  private onRequests(message: string): void {
    if (!this.accepting) return;
    let batch: CheckRequestBatch;
    try {
      batch = JSON.parse(message) as CheckRequestBatch;
    } catch {
      return;
    }
    if (!batch.reply || !Array.isArray(batch.checks)) return;
    void this.handle(batch).catch((err: unknown) => this.deps.logger.error({ err }, 'monitor check batch failed'));
  }

  private async handle(batch: CheckRequestBatch): Promise<void> {
    const received = Date.now();
    const missing = batch.checks.filter((c) => this.definitions.get(c.id)?.updated_at !== c.u).map((c) => c.id);
    if (missing.length) {
      try {
        for (const m of await this.deps.definitions.getMany([...new Set(missing)])) this.remember(m);
      } catch (err) {
        this.deps.logger.warn({ err }, 'monitor definitions unreadable');
        for (const c of batch.checks) this.answer(batch.reply, c, { status: 'down', responseMs: null, message: `Worker ${this.deps.name}: database unavailable` });
        return;
      }
    }
    for (const c of batch.checks) {
      const monitor = this.definitions.get(c.id);
      if (!monitor) this.answer(batch.reply, c, { status: 'down', responseMs: null, message: 'Monitor no longer exists' });
      // The time spent loading counts against the timeout.
      else void this.run(batch.reply, c, monitor, Math.max(0, c.t - (Date.now() - received)));
    }
  }

  private remember(m: StoredMonitor): void {
    if (this.definitions.size >= CACHE_LIMIT && !this.definitions.has(m.id)) this.definitions.delete(this.definitions.keys().next().value!);
    this.definitions.set(m.id, m);
  }

  private async run(reply: string, request: CheckRequest, monitor: MonitorSpec, timeoutMs: number): Promise<void> {
    const started = Date.now();
    const previous = this.running.get(monitor.id);
    if (previous) {
      // Its asker gave up on it: it ends (or is left behind after a grace) before the next one starts.
      previous.controller.abort();
      await Promise.race([previous.done, new Promise((resolve) => setTimeout(resolve, ABANDON_GRACE_MS))]);
      timeoutMs = Math.max(0, timeoutMs - (Date.now() - started));
      if (!this.accepting) return this.answer(reply, request, workerStoppedResult(this.deps.name));
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let abandon: NodeJS.Timeout | undefined;
    const checked = this.deps.checks.check(monitor, { signal: controller.signal, timeoutMs: request.t, dnsServers: this.deps.dnsServers })
      .catch((error: unknown): CheckResult => ({ status: 'down', responseMs: null, message: `Check failed: ${(error as Error).message.slice(0, 200)}` }));
    const bounded = Promise.race([checked, new Promise<CheckResult>((resolve) => {
      abandon = setTimeout(() => resolve(timeoutResult(request.t)), timeoutMs + ABANDON_GRACE_MS);
    })]);
    const entry = {
      controller,
      stopped: false,
      done: bounded.then((result) => {
        clearTimeout(timer);
        clearTimeout(abandon);
        this.checked++;
        if (this.running.get(monitor.id) === entry) this.running.delete(monitor.id);
        // Cut short by this worker's stop, not by its timeout.
        this.answer(reply, request, entry.stopped ? workerStoppedResult(this.deps.name) : result);
      }),
    };
    this.running.set(monitor.id, entry);
  }

  private answer(reply: string, request: CheckRequest, result: CheckResult): void {
    const queue = this.replies.get(reply) ?? [];
    queue.push({ r: request.r, ...result });
    this.replies.set(reply, queue);
    this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
  }

  private async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const batches = [...this.replies];
    this.replies.clear();
    await Promise.all(batches.map(async ([channel, results]) => {
      const message: CheckReplyBatch = { worker: this.deps.name, results };
      // Lost when Redis is away: the asker ends those checks at their timeout.
      await this.deps.redis.publish(channel, JSON.stringify(message)).catch(() => undefined);
    }));
  }
}
