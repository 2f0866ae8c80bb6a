import type { Logger } from 'pino';
import type { ListWindow, Listing } from '../../http/pagination.js';
import { notFound } from '../../errors.js';
import { MetricsCollector, type CollectorOptions } from '../../system/metrics/collector.js';
import { family, renderPrometheus, type PrometheusExtras } from '../../system/metrics/prometheus.js';
import { METRICS_GROUPS, pickGroups, type MetricsGroup, type MetricsSnapshot, type PartialMetricsSnapshot } from '../../system/metrics/snapshot.js';
import { Dashboard, SecurityStatuses } from './dashboard.js';
import type { DashboardFacts } from './dashboard-facts.js';
import { historyResponse, type HistoryQuery } from './history-query.js';
import type { HistoryRepository, SampleFilters, SampleRow } from './history.repository.js';
import { HistoryService } from './history.service.js';
import { LiveSampler, type MetricsSend } from './live-sampler.js';
import { AgentHistory } from './agent-history.js';
import type { AgentHosts } from './agent-hosts.js';

/** The configuration slice of the metrics module (config.md METRICS_*, PUBLIC_IP). */
export interface MetricsSettings { intervalSeconds: number; retentionDays: number; publicIp: string | null }

export interface MetricsServiceDeps {
  /** Host name of this instance (metrics.md §1). */
  host: string;
  settings: MetricsSettings;
  historyRepo: HistoryRepository;
  /** The database-backed keys of the metrics object and Prometheus families (other modules' data). */
  facts: DashboardFacts;
  logger?: Logger;
  /** Extra collector options (tests point it at recorded /proc trees). */
  collector?: CollectorOptions;
  /** The agents' hosts (monitoring.md §6); none when absent. */
  agents?: AgentHosts;
}

/** An item of `GET system/metrics/hosts/` (metrics.md §4.3, monitoring.md §6). */
export interface HostItem {
  host: string; first: string | null; last: string | null; kind: 'instance' | 'agent'; agentId: string | null; name: string; online: boolean;
}

/** Another instance's host counts as online while its history is at most this old (it writes one sample a minute). */
const INSTANCE_ONLINE_MS = 3 * 60_000;

/** `everyst_agent_online{host,name}`: every agent, wherever it is connected (its host series come from that instance). */
const agentFamily = (agents: Array<{ id: string; name: string; online: boolean }>): string =>
  agents.length === 0 ? '' : family('everyst_agent_online', 'gauge', 'Whether each agent reports (1) or is offline (0).',
    agents.map((a) => ({ labels: { host: a.id, name: a.name }, value: a.online ? 1 : 0 })));

/** Filters of `GET metrics/` (typed: the route parses the query). */
export type SampleListFilter = Omit<SampleFilters, 'resolution'>;

/**
 * Host metrics for this instance: one collector shared by the live sampler, `current` requests, the history
 * sampler and the alert evaluator (metrics.md §1). A reading younger than the asker's limit is reused, and
 * concurrent askers share one sampling.
 */
export class MetricsService {
  readonly host: string;
  readonly collector: MetricsCollector;
  readonly live: LiveSampler;
  readonly history: HistoryService;
  readonly historyRepo: HistoryRepository;
  readonly dashboard: Dashboard;
  /** The latest security status per host, fed by `securityStatusChanged`. */
  readonly securityStatuses: SecurityStatuses;
  readonly floorSeconds: number;
  /** The agent hosts' history, from their samples on the bus. */
  readonly agentHistory: AgentHistory;
  readonly agents: AgentHosts | undefined;
  /** Host readings taken (every consumer together). */
  samplesTaken = 0;
  private readonly facts: DashboardFacts;
  private latest: { snapshot: MetricsSnapshot; at: number } | undefined;
  private inflight: Promise<MetricsSnapshot> | undefined;

  constructor(deps: MetricsServiceDeps) {
    this.host = deps.host;
    this.floorSeconds = deps.settings.intervalSeconds;
    this.collector = new MetricsCollector({ publicIp: deps.settings.publicIp, ...deps.collector });
    this.historyRepo = deps.historyRepo;
    this.facts = deps.facts;
    this.agents = deps.agents;
    this.agentHistory = new AgentHistory(this.historyRepo, deps.settings.retentionDays, deps.logger);
    this.history = new HistoryService(this.historyRepo, deps.host, deps.settings.retentionDays, (age) => this.reading(age));
    this.securityStatuses = new SecurityStatuses(deps.facts);
    this.dashboard = new Dashboard(deps.facts, deps.host, this.securityStatuses, () => this.history.uptimePercentage());
    this.live = new LiveSampler({
      floorMs: this.floorMs,
      source: async (age) => {
        const raw = await this.reading(age);
        const at = this.latest?.snapshot === raw ? this.latest.at : performance.now();
        return { snapshot: await this.dashboard.apply(raw), at };
      },
      logger: deps.logger,
    });
  }

  get floorMs(): number {
    return this.floorSeconds * 1000;
  }

  /** Monotonic ms since the latest reading, Infinity before the first. */
  get readingAgeMs(): number {
    return this.latest ? performance.now() - this.latest.at : Infinity;
  }

  /** A host reading at most `maxAgeMs` old (default: the live floor). */
  reading(maxAgeMs: number = this.floorMs): Promise<MetricsSnapshot> {
    if (this.latest && performance.now() - this.latest.at < maxAgeMs) return Promise.resolve(this.latest.snapshot);
    this.inflight ??= this.collector.sample().then((snapshot) => {
      this.samplesTaken++;
      this.latest = { snapshot, at: performance.now() };
      this.history.accumulator.add(snapshot);
      return snapshot;
    }).finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** The metrics object of REST `current` and `get_current_metrics` (all groups unless restricted). */
  async current(groups: readonly MetricsGroup[] = METRICS_GROUPS): Promise<PartialMetricsSnapshot> {
    return pickGroups(await this.dashboard.apply(await this.reading()), groups);
  }

  /** The live subscription of one subscriber (a socket id), if any. */
  subscription(id: string): { intervalMs: number; groups: MetricsGroup[] } | undefined {
    return this.live.current(id);
  }

  subscribe(id: string, send: MetricsSend, intervalSeconds: number, groups: readonly MetricsGroup[]): void {
    this.live.subscribe(id, send, intervalSeconds * 1000, [...groups]);
  }

  unsubscribe(id: string): void {
    this.live.unsubscribe(id);
  }

  /** History points of one host (metrics.md §4.2). */
  historyPoints(query: HistoryQuery) {
    return historyResponse(this.historyRepo, query);
  }

  /** Hosts that have history and every agent (agents by id), ordered by `host`. */
  async hosts(now: number = Date.now()): Promise<HostItem[]> {
    const [history, agents] = await Promise.all([this.historyRepo.hosts(), this.agents?.hosts() ?? []]);
    const agentById = new Map(agents.map((a) => [a.id, a]));
    const items = new Map<string, HostItem>();
    for (const h of history) {
      const agent = agentById.get(h.host);
      items.set(h.host, agent
        ? { host: h.host, first: h.first, last: h.last, kind: 'agent', agentId: agent.id, name: agent.name, online: agent.online }
        : { host: h.host, first: h.first, last: h.last, kind: 'instance', agentId: null, name: h.host, online: h.host === this.host || now - Date.parse(h.last) < INSTANCE_ONLINE_MS });
    }
    for (const a of agents) {
      if (!items.has(a.id)) items.set(a.id, { host: a.id, first: null, last: null, kind: 'agent', agentId: a.id, name: a.name, online: a.online });
    }
    return [...items.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  }

  /** Whether `host` names this instance's host (absent: it does). */
  isOwnHost(host: string | undefined): boolean {
    return host === undefined || host === '' || host === this.host;
  }

  async isAgentHost(host: string): Promise<boolean> {
    return (await this.agents?.latest(host)) !== undefined;
  }

  /** The newest metrics object of an agent host (every group, unless restricted); 404 for an unknown host. */
  async agentCurrent(host: string, groups: readonly MetricsGroup[] = METRICS_GROUPS): Promise<PartialMetricsSnapshot> {
    const latest = await this.agents?.latest(host);
    if (latest === undefined) throw notFound('Unknown host.');
    if (latest === null) throw notFound('This agent has not sent metrics yet.');
    return pickGroups(latest.snapshot, groups);
  }

  /** Minute samples, newest first. */
  async samples(filter: SampleListFilter, window: ListWindow): Promise<Listing<SampleRow>> {
    const filters = { ...filter, resolution: 'minute' as const };
    const [count, rows] = await Promise.all([this.historyRepo.count(filters), this.historyRepo.list(filters, window.offset, window.limit)]);
    return { count, rows };
  }

  async sample(id: number): Promise<SampleRow> {
    const row = await this.historyRepo.findById(id);
    if (!row) throw notFound();
    return row;
  }

  /** The Prometheus text exposition (metrics.md §6); `extras` are the edge's counters (sockets, HTTP). */
  async exposition(extras: Omit<PrometheusExtras, 'devices' | 'alertsOpen'>): Promise<string> {
    const [snapshot, devices, alertsOpen] = await Promise.all([
      this.reading(),
      this.facts.devicesByStatus(),
      this.facts.openAlertsBySeverity(),
    ]);
    const hosts = (this.agents?.connectedSamples() ?? []).map((a) => ({ host: a.agentId, snapshot: a.snapshot }));
    const agents = this.agents ? agentFamily(await this.agents.hosts()) : '';
    return renderPrometheus(snapshot, { devices, alertsOpen, ...extras, hosts, moduleFamilies: [this.facts.monitorFamilies?.() ?? '', agents] });
  }

  /** A host announced its security status (bus `securityStatusChanged`): the next metrics object shows it. */
  securityStatusChanged(host: string, status: string | null): void {
    this.securityStatuses.record(host, status);
    if (host === this.host) this.dashboard.invalidate();
  }

  /** Alerts (or other database keys of the metrics object) changed: the next metrics object reads them again. */
  invalidateDashboard(): void {
    this.dashboard.invalidate();
  }

  async close(): Promise<void> {
    await this.live.stop();
    await this.agentHistory.flushAll();
    await this.inflight?.catch(() => undefined);
    await this.collector.close();
  }
}
