import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { hasPermission, type Principal } from '../../auth/permissions.js';
import { isUuid } from '../../db/values.js';
import { notFound } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { EventBus } from '../../realtime/bus.js';
import { selectMonitors, type MonitorFilters } from './monitor-list.js';
import { MonitorRunner, type ActiveChecks, type CheckScheduler } from './monitor-runner.js';
import { initialState, runStateOf, type Outcome } from './monitor-state.js';
import type { Heartbeat, MonitorStatus } from './monitor-types.js';
import { MonitorWriter, type HeartbeatSink } from './monitor-writer.js';
import { presentHeartbeat, presentMonitor, type MonitorExtras, type MonitorView } from './monitors.presenter.js';
import type { MonitorsRepository, StoredMonitor } from './monitors.repository.js';
import { validateMonitor, type MonitorValues } from './monitors.validation.js';

export interface UptimeWindows {
  '24h': number | null; '7d': number | null; '30d': number | null; '365d': number | null;
  avg_response_ms: Record<string, number | null>; p95_response_ms: Record<string, number | null>;
}
export interface Incident { started_at: string; ended_at: string | null; duration_s: number | null; message: string }

/** What the service reads of the heartbeat history (history/). */
export interface MonitorHistoryReads extends HeartbeatSink {
  heartbeats(monitorId: string, filters: { since?: string; until?: string; important?: boolean }, window: ListWindow): Promise<Listing<Heartbeat>>;
  uptime(monitorId: string, now: Date): Promise<UptimeWindows>;
  incidents(monitorId: string, window: ListWindow): Promise<Listing<Incident>>;
  uptimeMany(ids: string[], window: '24h' | '30d', now: Date): Promise<Map<string, number | null>>;
  recentResponses(ids: string[], n: number): Promise<Map<string, Array<number | null>>>;
  deleteFor(monitorId: string): Promise<void>;
}

/** Monitor notifications go to holders of `can_manage_monitors` (monitoring.md §2.4). */
export interface MonitorNotices {
  createForFlag(flag: 'can_manage_monitors', n: { title: string; message: string; type: 'error' | 'success'; source: string }): Promise<unknown>;
}

export interface MonitorsServiceDeps {
  repo: MonitorsRepository;
  history: MonitorHistoryReads;
  scheduler: CheckScheduler;
  checks: ActiveChecks;
  bus: EventBus;
  notices: MonitorNotices;
  inMaintenance(monitorId: string, at: Date): boolean;
  devices: { exists(id: string): Promise<boolean>; presence(id: string): Promise<{ online: boolean; lastSeen: string | null } | null> };
  dnsServers: readonly string[];
  logger: Logger;
}

const RECENT = 30;
const EXTRAS_TTL_MS = 60_000;
const canManage = (p: Principal) => hasPermission(p, 'can_manage_monitors');
const newPushToken = () => randomBytes(24).toString('base64url');

/** Monitors (monitoring.md §2): definitions, their schedule, results, transitions and reads. */
export class MonitorsService {
  private readonly monitors = new Map<string, StoredMonitor>();
  private readonly byPushToken = new Map<string, string>();
  private readonly recent = new Map<string, Array<number | null>>();
  /** The interval each monitor is scheduled at: the retry interval while retrying. */
  private readonly scheduledInterval = new Map<string, number>();
  private uptimeCache: { at: number; day: Map<string, number | null>; month: Map<string, number | null> } | null = null;
  private readonly writer: MonitorWriter;
  readonly runner: MonitorRunner;
  /** Moves on every change of a definition (create, edit, pause, delete): cached lists are rebuilt at once. */
  private definitions = 0;
  /** Monitors by name, kept until a definition changes (the default order of the list). */
  private byName: string[] | null = null;

  constructor(private readonly deps: MonitorsServiceDeps) {
    this.writer = new MonitorWriter(deps.repo, deps.history, deps.logger);
    this.runner = new MonitorRunner(this.monitors, {
      checks: deps.checks, writer: this.writer, dnsServers: deps.dnsServers, inMaintenance: deps.inMaintenance,
      deviceOnline: (id) => deps.devices.presence(id), onOutcome: (m, o) => this.onOutcome(m, o), logger: deps.logger,
    });
  }

  /** Loads every monitor and schedules the active ones where their last check left them; checks start with lead(). */
  async load(): Promise<void> {
    const all = await this.deps.repo.all();
    for (const m of all) this.remember(m);
    const recent = await this.deps.history.recentResponses(all.map((m) => m.id), RECENT);
    for (const [id, values] of recent) this.recent.set(id, values);
    const now = Date.now();
    for (const m of all) if (m.active) this.schedule(m, m.last_checked_at ? Math.max(now, Date.parse(m.last_checked_at) + m.interval_s * 1000) : undefined);
  }

  lead(): void {
    this.deps.scheduler.start();
  }

  async follow(): Promise<void> {
    await this.deps.scheduler.stop();
    await this.writer.flush();
  }

  /**
   * What other instances of a cluster wrote: new, changed and deleted definitions, and results newer than the
   * ones held here (a push answered elsewhere, checks of the previous leader).
   */
  async sync(): Promise<void> {
    const rows = await this.deps.repo.all();
    const seen = new Set<string>();
    for (const row of rows) {
      seen.add(row.id);
      const held = this.monitors.get(row.id);
      const changed = !held || held.updated_at !== row.updated_at;
      const newer = !held || (row.last_checked_at ?? '') > (held.last_checked_at ?? '') || (row.last_push_at ?? '') > (held.last_push_at ?? '');
      if (!changed && !newer) continue;
      this.remember(newer || !held ? row : { ...row, ...runStateOf(held) });
      if (!changed) continue;
      if (row.active) this.schedule(row, held ? undefined : Date.now());
      else this.deps.scheduler.remove(row.id);
    }
    for (const id of [...this.monitors.keys()]) {
      if (seen.has(id)) continue;
      this.deps.scheduler.remove(id);
      this.monitors.delete(id);
      this.changed();
    }
  }

  async stop(): Promise<void> {
    await this.deps.scheduler.stop();
    await this.writer.flush();
    await this.deps.checks.close();
  }

  async list(p: Principal, filters: MonitorFilters, window: ListWindow): Promise<Listing<MonitorView>> {
    this.byName ??= selectMonitors(this.monitors.values(), { ordering: 'name' }).map((m) => m.id);
    const inNameOrder = this.byName.map((id) => this.monitors.get(id)!);
    const selected = selectMonitors(inNameOrder, filters, true);
    const rows = selected.slice(window.offset, window.offset + window.limit);
    const extras = await this.extras(rows);
    const manage = canManage(p);
    return { count: selected.length, rows: rows.map((m) => presentMonitor(m, manage, extras(m))) };
  }

  get(p: Principal, id: string): MonitorView {
    return presentMonitor(this.find(id), canManage(p));
  }

  summary(): Record<MonitorStatus, number> {
    const counts: Record<MonitorStatus, number> = { up: 0, down: 0, pending: 0, maintenance: 0, paused: 0 };
    for (const m of this.monitors.values()) counts[m.status]++;
    return counts;
  }

  async create(p: Principal, body: Record<string, unknown>): Promise<MonitorView> {
    const values = await validateMonitor(body, undefined, true, this.checksDeps());
    const id = randomUUID();
    const stored = await this.deps.repo.insert(id, values, values.type === 'push' ? newPushToken() : null, p.userId, initialState(values.active));
    this.remember(stored);
    if (stored.active) this.schedule(stored, Date.now());
    this.announce('created', stored);
    return presentMonitor(stored, true);
  }

  async update(_p: Principal, id: string, body: Record<string, unknown>, full: boolean): Promise<MonitorView> {
    const current = this.find(id);
    const values = await validateMonitor(body, current, full, this.checksDeps(), id);
    const token = values.type === 'push' ? (current.push_token ?? newPushToken()) : null;
    const reset = this.definitionChanged(current, values) ? { failures: 0 } : {};
    const pausing = current.active !== values.active;
    const state = pausing ? { ...initialState(values.active), last_push_at: current.last_push_at } : reset;
    await this.writer.flush();
    const stored = await this.deps.repo.update(id, values, token, state);
    if (!stored) throw notFound();
    this.remember(stored);
    if (stored.active) this.schedule(stored, pausing || this.definitionChanged(current, values) ? Date.now() : undefined);
    else this.deps.scheduler.remove(id);
    this.announce('updated', stored);
    if (pausing) this.announceStatus(stored, current.status, stored.active ? 'Resumed' : 'Paused');
    return presentMonitor(stored, true);
  }

  async setActive(p: Principal, id: string, active: boolean): Promise<MonitorView> {
    return this.update(p, id, { active }, false);
  }

  async delete(id: string): Promise<void> {
    const current = this.find(id);
    this.deps.scheduler.remove(id);
    this.scheduledInterval.delete(id);
    this.monitors.delete(id);
    this.changed();
    if (current.push_token) this.byPushToken.delete(current.push_token);
    this.recent.delete(id);
    this.writer.drop(id);
    await this.writer.flush();
    await this.deps.history.deleteFor(id);
    await this.deps.repo.delete(id);
    this.deps.bus.toClients('monitor_list_update', { action: 'deleted', monitor: presentMonitor(current, false) });
  }

  /** "Check now": one check, or the one already running; its heartbeat. */
  async checkNow(id: string): Promise<ReturnType<typeof presentHeartbeat>> {
    const monitor = this.find(id);
    const beat = await this.runner.checkOnce(id);
    return presentHeartbeat(beat ?? {
      monitor_id: id, time: monitor.last_checked_at ?? new Date().toISOString(), status: monitor.status === 'paused' ? 'pending' : (monitor.status as Heartbeat['status']),
      response_ms: monitor.last_response_ms, message: monitor.active ? monitor.last_message : 'Paused', important: false,
    });
  }

  /** A push call (monitoring.md §2.2); false for an unknown token. */
  push(token: string, query: { status?: string; msg?: string; ping?: string }): boolean {
    const id = this.byPushToken.get(token);
    const monitor = id ? this.monitors.get(id) : undefined;
    if (!monitor) return false;
    if (!monitor.active) return true;
    const ping = query.ping !== undefined && Number.isFinite(Number(query.ping)) && Number(query.ping) >= 0 ? Number(query.ping) : null;
    const down = query.status === 'down';
    const message = (query.msg ?? '').slice(0, 500) || (down ? 'Push: down' : 'Push received');
    this.runner.apply(monitor, { status: down ? 'down' : 'up', responseMs: ping, message }, { last_push_at: new Date().toISOString() });
    return true;
  }

  async heartbeats(id: string, filters: { since?: string; until?: string; important?: boolean }, window: ListWindow) {
    this.find(id);
    const page = await this.deps.history.heartbeats(id, filters, window);
    return { count: page.count, rows: page.rows.map(presentHeartbeat) };
  }

  async uptime(id: string): Promise<UptimeWindows> {
    this.find(id);
    return this.deps.history.uptime(id, new Date());
  }

  async incidents(id: string, window: ListWindow): Promise<Listing<Incident>> {
    this.find(id);
    return this.deps.history.incidents(id, window);
  }

  /** Every monitor as stored now (status pages, Prometheus). */
  all(): Iterable<StoredMonitor> {
    return this.monitors.values();
  }

  byId(id: string): StoredMonitor | undefined {
    return this.monitors.get(id);
  }

  private find(id: string): StoredMonitor {
    const m = isUuid(id) ? this.monitors.get(id) : undefined;
    if (!m) throw notFound();
    return m;
  }

  version(): number {
    return this.definitions;
  }

  private changed(): void {
    this.definitions++;
    this.byName = null;
  }

  private remember(m: StoredMonitor): void {
    const before = this.monitors.get(m.id);
    if (!before || before.updated_at !== m.updated_at || before.name !== m.name) this.changed();
    if (before?.push_token && before.push_token !== m.push_token) this.byPushToken.delete(before.push_token);
    this.monitors.set(m.id, m);
    if (m.push_token) this.byPushToken.set(m.push_token, m.id);
  }

  private schedule(m: StoredMonitor, nextAt?: number): void {
    this.scheduledInterval.set(m.id, m.interval_s * 1000);
    this.deps.scheduler.upsert({ id: m.id, intervalMs: m.interval_s * 1000, timeoutMs: m.timeout_s * 1000 }, nextAt === undefined ? {} : { nextAt });
  }

  private definitionChanged(a: MonitorValues, b: MonitorValues): boolean {
    const keys: Array<keyof MonitorValues> = ['type', 'target', 'port', 'interval_s', 'timeout_s', 'http', 'keyword', 'invert_keyword', 'json_path', 'expected_value', 'dns', 'tls_expiry_days', 'device_id'];
    return keys.some((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  }

  private checksDeps() {
    return { nameTaken: (name: string, except?: string) => this.deps.repo.nameTaken(name, except), deviceExists: (id: string) => this.deps.devices.exists(id) };
  }

  private onOutcome(monitor: StoredMonitor, o: Outcome): void {
    const updated: StoredMonitor = { ...monitor, ...o.state };
    this.monitors.set(monitor.id, updated);
    const recent = this.recent.get(monitor.id) ?? [];
    recent.push(o.heartbeat.response_ms);
    if (recent.length > RECENT) recent.shift();
    this.recent.set(monitor.id, recent);
    if (this.scheduledInterval.get(monitor.id) !== o.nextInMs) {
      this.scheduledInterval.set(monitor.id, o.nextInMs);
      this.deps.scheduler.upsert({ id: monitor.id, intervalMs: o.nextInMs, timeoutMs: monitor.timeout_s * 1000 }, { nextAt: Date.now() + o.nextInMs });
    }
    this.deps.bus.toClients('monitor_heartbeat', { ...presentHeartbeat(o.heartbeat), name: monitor.name }, { kind: 'room', room: MONITOR_ROOM });
    if (o.transition) this.announceStatus(updated, o.transition.previous, o.heartbeat.message);
    if (o.notify) {
      const down = o.notify.kind === 'down';
      void this.deps.notices.createForFlag('can_manage_monitors', {
        title: o.notify.title, message: o.notify.message, type: down ? 'error' : 'success', source: 'monitor',
      }).catch((err: unknown) => this.deps.logger.error({ err, monitor: monitor.id }, 'monitor notification failed'));
      this.deps.bus.emit('notify', {
        event: down ? 'monitor.down' : 'monitor.up', severity: down ? 'error' : 'info', ranksAs: 'error', title: o.notify.title, message: o.notify.message,
        source: 'monitor', path: `/monitors/${monitor.id}`, channels: monitor.channels,
      });
    }
  }

  private announce(action: 'created' | 'updated', m: StoredMonitor): void {
    this.deps.bus.toClients('monitor_list_update', { action, monitor: presentMonitor(m, false) });
  }

  private announceStatus(m: StoredMonitor, previous: MonitorStatus, message: string): void {
    this.deps.bus.toClients('monitor_status', {
      monitor_id: m.id, name: m.name, status: m.status, previous, time: new Date().toISOString().replace('Z', '+00:00'), message,
    });
  }

  /** Uptime of the last day and month for listed monitors, read at most once a minute. */
  private async extras(rows: StoredMonitor[]): Promise<(m: StoredMonitor) => MonitorExtras> {
    const now = Date.now();
    if (!this.uptimeCache || now - this.uptimeCache.at > EXTRAS_TTL_MS || rows.some((m) => !this.uptimeCache!.day.has(m.id))) {
      const ids = [...this.monitors.keys()];
      const [day, month] = await Promise.all([this.deps.history.uptimeMany(ids, '24h', new Date(now)), this.deps.history.uptimeMany(ids, '30d', new Date(now))]);
      for (const id of ids) {
        if (!day.has(id)) day.set(id, null);
        if (!month.has(id)) month.set(id, null);
      }
      this.uptimeCache = { at: now, day, month };
    }
    const cache = this.uptimeCache;
    return (m) => ({ uptime_24h: cache.day.get(m.id) ?? null, uptime_30d: cache.month.get(m.id) ?? null, recent_response_ms: this.recent.get(m.id) ?? [] });
  }
}

/** Sockets that emitted `subscribe_monitors` (monitoring.md §2.5). */
export const MONITOR_ROOM = 'monitors';
