import { wireTime } from '../../db/values.js';
import type { MetricsSnapshot, Status } from '../../system/metrics/snapshot.js';
import type { DashboardRepository } from './dashboard.repository.js';

/** The latest host security snapshot's status (security.md §2), or null when none exists. */
export type SecurityStatusProvider = () => Promise<Status | null>;

type DatabaseKeys = Pick<MetricsSnapshot, 'security' | 'threats' | 'alerts'>;

const RANK: Record<Status, number> = { success: 0, warning: 1, error: 2 };
const worse = (a: Status, b: Status): Status => (RANK[a] >= RANK[b] ? a : b);
const asStatus = (v: string | null): Status => (v === 'warning' || v === 'error' ? v : 'success');

const DAY_MS = 86_400_000;

/**
 * Fills the keys of the metrics object that come from the database (metrics.md §2: `security`, `threats`,
 * `alerts`, `uptime.percentage`). Pushes may run every second for many sockets, so the values are cached
 * briefly; alert transitions invalidate the cache so that the dashboard sees them on the next push.
 */
export class Dashboard {
  private cached: { at: number; keys: Promise<DatabaseKeys> } | undefined;
  private uptime: { at: number; value: Promise<number> } | undefined;
  securityStatus: SecurityStatusProvider;

  constructor(
    private readonly repo: DashboardRepository,
    host: string,
    private readonly uptimePercentage: () => Promise<number>,
    private readonly opts: { ttlMs?: number; uptimeTtlMs?: number; now?: () => number } = {},
  ) {
    this.securityStatus = async () => asStatus(await repo.latestSecurityStatus(host));
  }

  invalidate(): void {
    this.cached = undefined;
  }

  invalidateUptime(): void {
    this.uptime = undefined;
  }

  async apply(snapshot: MetricsSnapshot): Promise<MetricsSnapshot> {
    const now = (this.opts.now ?? Date.now)();
    if (!this.cached || now - this.cached.at >= (this.opts.ttlMs ?? 5000)) {
      const keys = this.load(now, snapshot.server_info.hostname);
      this.cached = { at: now, keys };
      keys.catch(() => this.cached?.keys === keys && (this.cached = undefined));
    }
    if (!this.uptime || now - this.uptime.at >= (this.opts.uptimeTtlMs ?? 60_000)) {
      const value = this.uptimePercentage();
      this.uptime = { at: now, value };
      value.catch(() => this.uptime?.value === value && (this.uptime = undefined));
    }
    const [keys, percentage] = await Promise.all([this.cached.keys, this.uptime.value]);
    return { ...snapshot, ...keys, uptime: { ...snapshot.uptime, percentage } };
  }

  private async load(now: number, hostname: string): Promise<DatabaseKeys> {
    const [open, critical, any, lockouts, lastScan, snapshotStatus] = await Promise.all([
      this.repo.openAlerts(10),
      this.repo.hasOpenAlert('critical'),
      this.repo.hasOpenAlert(),
      this.repo.lockoutsSince(new Date(now - DAY_MS).toISOString(), 5),
      this.repo.lastCompletedScan(),
      this.securityStatus(),
    ]);
    const alertStatus: Status = critical ? 'error' : any ? 'warning' : 'success';
    return {
      security: { status: worse(asStatus(snapshotStatus), alertStatus), lastScan: wireTime(lastScan) },
      threats: lockouts.map((time) => ({ type: 'Login lockout' as const, time: wireTime(time)!, status: 'error' as const })),
      alerts: open.map((a) => ({
        title: a.title,
        serverId: a.host ?? hostname,
        severity: a.severity === 'critical' ? ('error' as const) : ('warning' as const),
      })),
    };
  }
}
