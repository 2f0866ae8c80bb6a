import type { Logger } from 'pino';
import type { CheckResult, Heartbeat, MonitorSpec } from './monitor-types.js';
import { applyResult, type Outcome } from './monitor-state.js';
import type { MonitorRunState, StoredMonitor } from './monitors.repository.js';
import type { MonitorWriter } from './monitor-writer.js';

/** The scheduler of scheduler/: one timer for every monitor. */
export interface CheckScheduler {
  upsert(check: { id: string; intervalMs: number; timeoutMs: number }, opts?: { nextAt?: number }): void;
  remove(id: string): void;
  start(): void;
  stop(): Promise<void>;
}

export interface ActiveChecks {
  check(monitor: MonitorSpec, context: { signal: AbortSignal; timeoutMs: number; dnsServers: readonly string[] }): Promise<CheckResult>;
  close(): Promise<void> | void;
}

export interface MonitorRunnerDeps {
  checks: ActiveChecks;
  writer: MonitorWriter;
  dnsServers: readonly string[];
  /** Whether the monitor is in an active maintenance window at `at`. */
  inMaintenance(monitorId: string, at: Date): boolean;
  /** `device` monitors: the inventory device's presence. */
  deviceOnline(deviceId: string): Promise<{ online: boolean; lastSeen: string | null } | null>;
  /** Every result: the service updates its view, sends events and notifications. */
  onOutcome(monitor: StoredMonitor, outcome: Outcome): void;
  logger: Logger;
  now?: () => Date;
}

/**
 * Runs the check of one monitor when the scheduler says so and applies its result. Monitors live in the
 * service's map; the runner reads them by id at each run, so an edit applies from the next check on.
 */
export class MonitorRunner {
  private readonly now: () => Date;
  /** Checks in flight, by monitor: "check now" joins one instead of starting a second. */
  private readonly running = new Map<string, Promise<Heartbeat | null>>();

  constructor(private readonly monitors: ReadonlyMap<string, StoredMonitor>, private readonly deps: MonitorRunnerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The scheduler's `run`: never throws. */
  async run(id: string, signal: AbortSignal): Promise<void> {
    await this.checkOnce(id, signal);
  }

  /** One check now (or the one in flight); null for a paused or unknown monitor. */
  checkOnce(id: string, signal?: AbortSignal): Promise<Heartbeat | null> {
    const inFlight = this.running.get(id);
    if (inFlight) return inFlight;
    const run = this.execute(id, signal).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  private async execute(id: string, signal?: AbortSignal): Promise<Heartbeat | null> {
    const monitor = this.monitors.get(id);
    if (!monitor || !monitor.active) return null;
    const timeoutMs = monitor.timeout_s * 1000;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onOuterAbort = () => controller.abort();
    signal?.addEventListener('abort', onOuterAbort, { once: true });
    let result: CheckResult | null;
    try {
      result = await this.resultOf(monitor, controller.signal, timeoutMs);
    } catch (err) {
      this.deps.logger.error({ err, monitor: id }, 'monitor check failed');
      result = { status: 'down', responseMs: null, message: 'Check failed' };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onOuterAbort);
    }
    // Deleted or paused while checking: its result is dropped.
    const current = this.monitors.get(id);
    if (!result || !current || !current.active) return null;
    return this.apply(current, result);
  }

  /** Applies a result that did not come from a check (a push call). */
  apply(monitor: StoredMonitor, result: CheckResult, extra: Partial<MonitorRunState> = {}): Heartbeat {
    const now = this.now();
    const outcome = applyResult(monitor, monitor, result, now, this.deps.inMaintenance(monitor.id, now));
    Object.assign(outcome.state, extra);
    this.deps.writer.push(monitor.id, outcome.state, outcome.heartbeat);
    this.deps.onOutcome(monitor, outcome);
    return outcome.heartbeat;
  }

  private async resultOf(monitor: StoredMonitor, signal: AbortSignal, timeoutMs: number): Promise<CheckResult | null> {
    if (monitor.type === 'push') return this.pushSilence(monitor);
    if (monitor.type === 'device') return this.devicePresence(monitor);
    return this.deps.checks.check(monitor, { signal, timeoutMs, dnsServers: this.deps.dnsServers });
  }

  /** A push monitor is down when nothing was pushed for its interval; a recent push already recorded its beat. */
  private pushSilence(monitor: StoredMonitor): CheckResult | null {
    const since = monitor.last_push_at ?? monitor.created_at;
    const silentMs = this.now().getTime() - Date.parse(since);
    const limitMs = (monitor.status === 'pending' && monitor.failures > 0 ? monitor.retry_interval_s : monitor.interval_s) * 1000;
    if (silentMs < limitMs) return null;
    return { status: 'down', responseMs: null, message: `No push received for ${Math.round(silentMs / 1000)} s` };
  }

  private async devicePresence(monitor: StoredMonitor): Promise<CheckResult> {
    const device = monitor.device_id ? await this.deps.deviceOnline(monitor.device_id) : null;
    if (!device) return { status: 'down', responseMs: null, message: 'Device no longer in the inventory' };
    if (device.online) return { status: 'up', responseMs: null, message: 'Device online' };
    return { status: 'down', responseMs: null, message: device.lastSeen ? `Device offline (last seen ${device.lastSeen})` : 'Device offline' };
  }
}
