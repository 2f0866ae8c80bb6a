import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/tables.js';
import { MetricsCollector, type CollectorOptions } from '../../system/metrics/collector.js';
import { METRICS_GROUPS, pickGroups, type MetricsGroup, type MetricsSnapshot, type PartialMetricsSnapshot } from '../../system/metrics/snapshot.js';
import { Dashboard, type SecurityStatusProvider } from './dashboard.js';
import { DashboardRepository } from './dashboard.repository.js';
import { HistoryRepository } from './history.repository.js';
import { HistoryService } from './history.service.js';
import { LiveSampler, type MetricsSend } from './live-sampler.js';

export interface MetricsServiceOptions {
  /** Extra collector options (tests point it at recorded /proc trees). */
  collector?: CollectorOptions;
  logger?: Logger;
}

/**
 * Host metrics for this instance: one collector shared by the live sampler, `current` requests, the history
 * sampler and the alert evaluator (metrics.md §1). A reading younger than the asker's limit is reused, and
 * concurrent askers share one sampling.
 */
export class MetricsService {
  readonly collector: MetricsCollector;
  readonly live: LiveSampler;
  readonly history: HistoryService;
  readonly historyRepo: HistoryRepository;
  readonly dashboard: Dashboard;
  readonly floorSeconds: number;
  /** Host readings taken (every consumer together). */
  samplesTaken = 0;
  private latest: { snapshot: MetricsSnapshot; at: number } | undefined;
  private inflight: Promise<MetricsSnapshot> | undefined;

  constructor(config: Config, db: Kysely<DB>, readonly host: string, opts: MetricsServiceOptions = {}) {
    this.floorSeconds = config.metrics.intervalSeconds;
    this.collector = new MetricsCollector({ publicIp: config.metrics.publicIp, ...opts.collector });
    this.historyRepo = new HistoryRepository(db);
    this.history = new HistoryService(this.historyRepo, host, config.metrics.retentionDays, (age) => this.reading(age));
    this.dashboard = new Dashboard(new DashboardRepository(db), host, () => this.history.uptimePercentage());
    this.live = new LiveSampler({
      floorMs: this.floorMs,
      source: async (age) => {
        const raw = await this.reading(age);
        const at = this.latest?.snapshot === raw ? this.latest.at : performance.now();
        return { snapshot: await this.dashboard.apply(raw), at };
      },
      logger: opts.logger,
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

  subscribe(id: string, send: MetricsSend, intervalSeconds: number, groups: readonly MetricsGroup[]): void {
    this.live.subscribe(id, send, intervalSeconds * 1000, [...groups]);
  }

  unsubscribe(id: string): void {
    this.live.unsubscribe(id);
  }

  /** The security module sets the provider of the latest snapshot status (default: the stored snapshots). */
  setSecurityStatusProvider(provider: SecurityStatusProvider): void {
    this.dashboard.securityStatus = provider;
    this.dashboard.invalidate();
  }

  /** Alerts changed: the next metrics object reads them again. */
  invalidateDashboard(): void {
    this.dashboard.invalidate();
  }

  async close(): Promise<void> {
    await this.live.stop();
    await this.inflight?.catch(() => undefined);
    await this.collector.close();
  }
}
