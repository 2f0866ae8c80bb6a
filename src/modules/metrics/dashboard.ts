import { wireTime } from '../../db/values.js';
import type { MetricsSnapshot, Status } from '../../system/metrics/snapshot.js';
import type { DashboardFacts } from './dashboard-facts.js';

type DatabaseKeys = Pick<MetricsSnapshot, 'security' | 'threats' | 'alerts'>;

const RANK: Record<Status, number> = { success: 0, warning: 1, error: 2 };
const worse = (a: Status, b: Status): Status => (RANK[a] >= RANK[b] ? a : b);
const asStatus = (v: string | null): Status => (v === 'warning' || v === 'error' ? v : 'success');

const DAY_MS = 86_400_000;

/**
 * The latest security status of each host (security.md §2), as the security module announces it on the bus
 * (`securityStatusChanged`). A host nothing was announced for, or whose stored snapshot is newer than the
 * announcement (another instance of the host took it), answers from the stored snapshots.
 */
export class SecurityStatuses {
  private readonly announced = new Map<string, { status: string | null; at: number }>();

  constructor(private readonly facts: Pick<DashboardFacts, 'latestSecurityStatus'>, private readonly now: () => number = Date.now) {}

  record(host: string, status: string | null): void {
    this.announced.set(host, { status, at: this.now() });
  }

  async of(host: string): Promise<string | null> {
    const announced = this.announced.get(host);
    const stored = await this.facts.latestSecurityStatus(host);
    if (announced && (!stored || announced.at >= stored.at)) return announced.status;
    return stored?.status ?? null;
  }
}

/**
 * Fills the keys of the metrics object that come from the database (metrics.md §2: `security`, `threats`,
 * `alerts`, `uptime.percentage`). Pushes may run every second for many sockets, so the values are cached
 * briefly; alert transitions invalidate the cache so that the dashboard sees them on the next push.
 */
export class Dashboard {
  private cached: { at: number; keys: Promise<DatabaseKeys> } | undefined;
  private uptime: { at: number; value: Promise<number> } | undefined;

  constructor(
    private readonly facts: DashboardFacts,
    private readonly host: string,
    private readonly securityStatuses: SecurityStatuses,
    private readonly uptimePercentage: () => Promise<number>,
    private readonly opts: { ttlMs?: number; uptimeTtlMs?: number; now?: () => number } = {},
  ) {}

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
      this.facts.openAlerts(10),
      this.facts.hasOpenAlert('critical'),
      this.facts.hasOpenAlert(),
      this.facts.lockoutsSince(new Date(now - DAY_MS).toISOString(), 5),
      this.facts.lastCompletedScan(),
      this.securityStatuses.of(this.host),
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
