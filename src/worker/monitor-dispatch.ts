import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { timeoutResult } from '../modules/monitors/checks/check-errors.js';
import { addressOf } from '../modules/monitors/checks/name-lookup.js';
import type { ActiveChecks } from '../modules/monitors/monitor-runner.js';
import type { CheckContext, CheckResult, MonitorSpec } from '../modules/monitors/monitor-types.js';
import { closeRedis, createRedis, type RedisConfig } from '../realtime/redis-connection.js';
import { monitorChecksChannel, monitorResultsChannel } from './keys.js';
import { hostNetworks, NetworkCover } from './reach.js';
import { chooseCheckWorker, WorkerRegistry, type WorkerRegistration } from './registry.js';

/** One check asked of a worker: request id, monitor id, the definition's `updated_at`, the timeout (ms). */
export interface CheckRequest { r: string; id: string; u: string; t: number }
/** A batch on a worker's channel; `reply` is the results channel of the asking process. */
export interface CheckRequestBatch { reply: string; checks: CheckRequest[] }
export interface CheckReply extends CheckResult { r: string }
export interface CheckReplyBatch { worker: string; results: CheckReply[] }

/** Checks due within this window go to a worker in one message. */
const BATCH_WINDOW_MS = 20;
/** The registry is read at most this often (a worker refreshes its registration every 3 s). */
const VIEW_MS = 2000;
/** The host's own networks are read again this often. */
const HOST_NETWORKS_MS = 60_000;
/** At start, the first registry read waits this long for Redis. */
const FIRST_READ_WAIT_MS = 3000;
/** Host names of targets are resolved again this often. */
const NAME_TTL_MS = 60_000;
/** While checks wait on a worker, whether it still listens is asked this often. */
const WATCH_MS = 1000;
/**
 * A worker whose registration lapsed still owns the monitors whose targets only it reached, for this long: they
 * are down "Worker <name> stopped" instead of being checked from a host that does not reach them.
 */
const GONE_MEMORY_MS = 3600_000;

const down = (message: string): CheckResult => ({ status: 'down', responseMs: null, message });
export const workerStoppedResult = (worker: string) => down(`Worker ${worker} stopped`);

interface Pending { worker: string; incarnation: string; finish: (result: CheckResult) => void }
type Route = { kind: 'local' } | { kind: 'worker'; worker: WorkerRegistration } | { kind: 'gone'; worker: string };

/**
 * SCAN_USE_WORKERS, monitors: a check whose target lies in a network a live worker reaches (WORKER_NETWORKS) and
 * this host does not reach itself (loopback, its own interface networks) is run by that worker. The request goes
 * in a batch on the worker's pub/sub channel; the worker loads the definition from the shared database (no
 * secret travels through Redis) and publishes the result to this process's channel. The answer is an ordinary
 * CheckResult, so the runner applies it as any local result. Every check ends within its timeout: at the
 * timeout ("Timeout after N s"), or sooner with "Worker <name> stopped" when the worker is not (or no longer)
 * subscribed, or was replaced by a new process. Everything else is checked here, by `local`.
 */
export class MonitorCheckDispatch implements ActiveChecks {
  private readonly process = randomUUID();
  private readonly redis: Redis;
  private readonly subscriber: Redis;
  private readonly registry: WorkerRegistry;
  private readonly pending = new Map<string, Pending>();
  private readonly outbox = new Map<string, CheckRequest[]>();
  private flushTimer: NodeJS.Timeout | null = null;
  private watchTimer: NodeJS.Timeout | null = null;
  private subscribed: Promise<void> | null = null;
  private sequence = 0;
  private view: { at: number; workers: WorkerRegistration[] } = { at: 0, workers: [] };
  private viewRead: Promise<void> | null = null;
  /** Workers seen since start: name → last registration and when it was last seen live. */
  private readonly seen = new Map<string, { registration: WorkerRegistration; at: number }>();
  private host: { at: number; cover: NetworkCover } = { at: 0, cover: new NetworkCover([]) };
  /** Each registration's networks, parsed once per registry read. */
  private readonly covers = new WeakMap<WorkerRegistration, NetworkCover>();
  private readonly names = new Map<string, { at: number; address: Promise<string | null> }>();
  private closed = false;
  private everRead = false;
  /** Checks sent to workers so far (for the log and tests). */
  sent = 0;

  constructor(private readonly deps: {
    local: ActiveChecks;
    redis: RedisConfig;
    dnsServers: readonly string[];
    logger: Logger;
    /** Tests: the host's own networks. */
    hostNetworks?: () => string[];
  }) {
    this.redis = createRedis(deps.redis, 'command', 'monitor-dispatch', deps.logger);
    this.subscriber = createRedis(deps.redis, 'waiting', 'monitor-results', deps.logger);
    this.registry = new WorkerRegistry(this.redis);
    this.subscriber.on('message', (_channel: string, message: string) => this.onResults(message));
  }

  async check(monitor: MonitorSpec, context: CheckContext): Promise<CheckResult> {
    const route = await this.route(monitor);
    if (route.kind === 'local') return this.deps.local.check(monitor, context);
    if (route.kind === 'gone') return workerStoppedResult(route.worker);
    return this.remote(route.worker, monitor, context);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.watchTimer) clearInterval(this.watchTimer);
    for (const p of [...this.pending.values()]) p.finish(down('Server stopping'));
    await Promise.all([closeRedis(this.subscriber), closeRedis(this.redis)]);
    await this.deps.local.close();
  }

  /** Where the check of `monitor` runs. Costs nothing but a cached read while no worker was ever seen. */
  private async route(monitor: MonitorSpec): Promise<Route> {
    await this.refreshView();
    if (this.seen.size === 0) return { kind: 'local' };
    const address = await this.targetAddress(monitor);
    if (!address || this.hostCover().reaches(address)) return { kind: 'local' };
    const worker = chooseCheckWorker(this.view.workers, address, monitor.id, (w, a) => this.coverOf(w).reaches(a));
    if (worker) return { kind: 'worker', worker };
    // No live worker reaches it: the last one that did and stopped (or is stopping) keeps it, with a clear message.
    const now = Date.now();
    const live = new Set(this.view.workers.filter((w) => !w.draining).map((w) => w.name));
    let gone: { name: string; at: number } | null = null;
    for (const [name, { registration, at }] of this.seen) {
      if (live.has(name) || now - at > GONE_MEMORY_MS || (gone && gone.at >= at)) continue;
      if (this.coverOf(registration).reaches(address)) gone = { name, at };
    }
    return gone ? { kind: 'gone', worker: gone.name } : { kind: 'local' };
  }

  /** The address a check connects to: the target (or a URL's host) itself or resolved; a dns monitor's resolver. */
  private targetAddress(monitor: MonitorSpec): Promise<string | null> | string | null {
    let host: string | null;
    switch (monitor.type) {
      case 'http': case 'keyword': case 'json-query':
        try {
          host = new URL(monitor.target ?? '').hostname.replace(/^\[(.*)\]$/, '$1');
        } catch {
          return null;
        }
        break;
      case 'tcp': case 'tls': case 'ping':
        host = monitor.target;
        break;
      case 'dns':
        host = monitor.dns?.resolver ?? null;
        break;
      default:
        return null;
    }
    if (!host) return null;
    if (isIP(host)) return host;
    const now = Date.now();
    const cached = this.names.get(host);
    if (cached && now - cached.at < NAME_TTL_MS) return cached.address;
    const address = addressOf(host, this.deps.dnsServers).catch(() => null);
    this.names.set(host, { at: now, address });
    if (this.names.size > 10_000) this.names.delete(this.names.keys().next().value!);
    return address;
  }

  private hostCover(): NetworkCover {
    const now = Date.now();
    if (now - this.host.at > HOST_NETWORKS_MS) this.host = { at: now, cover: new NetworkCover((this.deps.hostNetworks ?? hostNetworks)()) };
    return this.host.cover;
  }

  private coverOf(w: WorkerRegistration): NetworkCover {
    let cover = this.covers.get(w);
    if (!cover) {
      cover = new NetworkCover(w.networks);
      this.covers.set(w, cover);
    }
    return cover;
  }

  /** Reads the registry when the view is older than VIEW_MS; a failed read keeps the last view. */
  private async refreshView(): Promise<void> {
    if (Date.now() - this.view.at < VIEW_MS) return;
    this.viewRead ??= (async () => {
      try {
        // The first read waits for the connection (a while): until then no pin is known.
        if (!this.everRead && this.redis.status !== 'ready') await this.connected(FIRST_READ_WAIT_MS);
        const workers = await this.registry.live();
        const now = Date.now();
        this.view = { at: now, workers };
        this.everRead = true;
        for (const w of workers) if (!w.draining && w.monitorChecks) this.seen.set(w.name, { registration: w, at: now });
        this.replaced(workers);
      } catch (err) {
        this.deps.logger.debug({ err }, 'worker registry unreadable; routing monitor checks on the last view');
        this.view = { ...this.view, at: Date.now() };
      } finally {
        this.viewRead = null;
      }
    })();
    await this.viewRead;
  }

  private connected(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.redis.once('ready', done);
    });
  }

  /** Checks waiting on a process that was replaced by a new one of the same name will not be answered. */
  private replaced(workers: readonly WorkerRegistration[]): void {
    const byName = new Map(workers.map((w) => [w.name, w.incarnation]));
    for (const p of [...this.pending.values()]) {
      const now = byName.get(p.worker);
      if (now && now !== p.incarnation) p.finish(workerStoppedResult(p.worker));
    }
  }

  private remote(worker: WorkerRegistration, monitor: MonitorSpec, context: CheckContext): Promise<CheckResult> {
    if (context.signal.aborted) return Promise.resolve(timeoutResult(context.timeoutMs));
    const r = `${(this.sequence++).toString(36)}`;
    return new Promise<CheckResult>((resolve) => {
      const onAbort = () => finish(timeoutResult(context.timeoutMs));
      const finish = (result: CheckResult) => {
        if (!this.pending.delete(r)) return;
        context.signal.removeEventListener('abort', onAbort);
        resolve(result);
      };
      context.signal.addEventListener('abort', onAbort, { once: true });
      this.pending.set(r, { worker: worker.name, incarnation: worker.incarnation, finish });
      const updated = (monitor as { updated_at?: string }).updated_at ?? '';
      const queue = this.outbox.get(worker.name) ?? [];
      queue.push({ r, id: monitor.id, u: updated, t: context.timeoutMs });
      this.outbox.set(worker.name, queue);
      this.flushTimer ??= setTimeout(() => void this.flush(), BATCH_WINDOW_MS);
      this.watchTimer ??= setInterval(() => void this.watch(), WATCH_MS);
    });
  }

  private subscribe(): Promise<void> {
    this.subscribed ??= this.subscriber.subscribe(monitorResultsChannel(this.process)).then(() => undefined);
    return this.subscribed;
  }

  /** Publishes the waiting requests, one message per worker; a worker nobody listens for answers at once. */
  private async flush(): Promise<void> {
    this.flushTimer = null;
    const batches = [...this.outbox];
    this.outbox.clear();
    try {
      await this.subscribe();
    } catch (err) {
      this.subscribed = null;
      this.deps.logger.warn({ err }, 'monitor results channel unavailable');
    }
    const reply = monitorResultsChannel(this.process);
    await Promise.all(batches.map(async ([worker, checks]) => {
      const fail = (result: CheckResult) => checks.forEach((c) => this.pending.get(c.r)?.finish(result));
      try {
        const message: CheckRequestBatch = { reply, checks };
        const receivers = await this.redis.publish(monitorChecksChannel(worker), JSON.stringify(message));
        if (receivers === 0) fail(workerStoppedResult(worker));
        else this.sent += checks.length;
      } catch (err) {
        this.deps.logger.debug({ err, worker }, 'monitor checks not sent');
        fail(down(`Worker ${worker} unreachable: Redis unavailable`));
      }
    }));
  }

  private onResults(message: string): void {
    let batch: CheckReplyBatch;
    try {
      batch = JSON.parse(message) as CheckReplyBatch;
    } catch {
      return;
    }
    for (const { r, ...result } of batch.results ?? []) this.pending.get(r)?.finish(result);
  }

  /** Ends the checks waiting on a worker that no longer listens on its channel (killed, stopped). */
  private async watch(): Promise<void> {
    if (this.pending.size === 0) {
      if (this.watchTimer) clearInterval(this.watchTimer);
      this.watchTimer = null;
      return;
    }
    const workers = [...new Set([...this.pending.values()].map((p) => p.worker))];
    try {
      const counts = (await this.redis.pubsub('NUMSUB', ...workers.map(monitorChecksChannel))) as Array<string | number>;
      const listening = new Set<string>();
      for (let i = 0; i < counts.length; i += 2) if (Number(counts[i + 1]) > 0) listening.add(workers[i / 2]);
      for (const p of [...this.pending.values()]) if (!listening.has(p.worker)) p.finish(workerStoppedResult(p.worker));
    } catch {
      // Redis away: the checks end at their timeout.
    }
    if (!this.closed) await this.refreshView();
  }
}

/** The monitors module's `workerChecks` for SCAN_USE_WORKERS. */
export function workerChecksFor(redis: RedisConfig, dnsServers: readonly string[], logger: Logger) {
  return (local: ActiveChecks): ActiveChecks => new MonitorCheckDispatch({ local, redis, dnsServers, logger: logger.child({ component: 'monitors' }) });
}
