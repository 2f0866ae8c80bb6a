import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../auth/permissions.js';
import { wireTime } from '../../../db/values.js';
import { notFound } from '../../../errors.js';
import type { ListWindow, Listing } from '../../../http/pagination.js';
import type { StoredMonitor } from '../monitors.repository.js';
import { overallStatus } from './status-overall.js';
import { statusBadge, uptimeBadge } from './badge-svg.js';
import type { StatusPageValues, StatusPagesRepository, StoredStatusPage } from './status-pages.repository.js';
import { validateStatusPage } from './status-pages.validation.js';

export interface DailyUptime { date: string; uptime: number | null }
export interface PublicIncident { started_at: string; ended_at: string | null; duration_s: number | null; message: string }

/** What public pages read of the monitors and their history. */
export interface StatusPageSources {
  monitor(id: string): StoredMonitor | undefined;
  dailyUptimeMany(ids: string[], days: number, now: Date): Promise<Map<string, DailyUptime[]>>;
  uptimeMany(ids: string[], window: '24h' | '30d', now: Date): Promise<Map<string, number | null>>;
  recentIncidents(ids: string[], sinceIso: string): Promise<Array<PublicIncident & { monitor_id: string }>>;
}

const BAR_DAYS = 90;
const INCIDENT_DAYS = 30;
const BADGE_WINDOWS = ['24h', '7d', '30d', '90d'] as const;
type BadgeWindow = (typeof BADGE_WINDOWS)[number];

const presentPage = (p: StoredStatusPage) => ({
  slug: p.slug, title: p.title, description: p.description, monitors: p.monitors, published: p.published,
  show_response_times: p.show_response_times, footer: p.footer, created_at: wireTime(p.created_at), updated_at: wireTime(p.updated_at),
});

/**
 * Status pages and badges (monitoring.md §4). Public answers are built only from the allowed keys: names,
 * statuses, ratios, dates and incident messages of the page's own monitors; never ids, targets or users.
 */
export class StatusPagesService {
  constructor(private readonly repo: StatusPagesRepository, private readonly sources: StatusPageSources) {}

  async list(window: ListWindow): Promise<Listing<ReturnType<typeof presentPage>>> {
    const all = await this.repo.all();
    return { count: all.length, rows: all.slice(window.offset, window.offset + window.limit).map(presentPage) };
  }

  async get(slug: string) {
    return presentPage(await this.find(slug));
  }

  async create(p: Principal, body: Record<string, unknown>) {
    const values = await validateStatusPage(body, undefined, true, this.checks());
    return presentPage(await this.repo.insert(randomUUID(), values, p.userId));
  }

  async update(slug: string, body: Record<string, unknown>, full: boolean) {
    const current = await this.find(slug);
    const values: StatusPageValues = await validateStatusPage(body, current, full, this.checks(), current.id);
    const updated = await this.repo.update(current.id, values);
    if (!updated) throw notFound();
    return presentPage(updated);
  }

  async delete(slug: string): Promise<void> {
    await this.repo.delete((await this.find(slug)).id);
  }

  /** GET /api/public/status/{slug}/: 404 unless published. */
  async publicStatus(slug: string) {
    const page = await this.repo.bySlug(slug);
    if (!page?.published) throw notFound();
    const monitors = page.monitors.map((id) => this.sources.monitor(id)).filter((m): m is StoredMonitor => m !== undefined);
    const ids = monitors.map((m) => m.id);
    const now = new Date();
    const [days, day, month, incidents] = await Promise.all([
      this.sources.dailyUptimeMany(ids, BAR_DAYS, now),
      this.sources.uptimeMany(ids, '24h', now),
      this.sources.uptimeMany(ids, '30d', now),
      this.sources.recentIncidents(ids, new Date(now.getTime() - INCIDENT_DAYS * 86_400_000).toISOString()),
    ]);
    const names = new Map(monitors.map((m) => [m.id, m.name]));
    return {
      title: page.title,
      description: page.description,
      overall: overallStatus(monitors.map((m) => m.status)),
      monitors: monitors.map((m) => {
        const bars = days.get(m.id) ?? [];
        return {
          name: m.name,
          status: m.status,
          uptime: { '24h': day.get(m.id) ?? null, '30d': month.get(m.id) ?? null, '90d': meanOf(bars) },
          days: bars,
          ...(page.show_response_times ? { response_ms: m.last_response_ms } : {}),
        };
      }),
      incidents: incidents.map((i) => ({
        monitor: names.get(i.monitor_id) ?? '', started_at: wireTime(i.started_at), ended_at: wireTime(i.ended_at), duration_s: i.duration_s, message: i.message,
      })),
      footer: page.footer,
      updated_at: wireTime(now),
    };
  }

  /** The SVG of a badge, or null (404) unless the monitor is on a published page. */
  async badge(monitorId: string, kind: 'status' | 'uptime', window: string | undefined): Promise<string | null> {
    const monitor = this.sources.monitor(monitorId);
    if (!monitor || !(await this.isPublic(monitorId))) return null;
    if (kind === 'status') return statusBadge(monitor.status);
    const w: BadgeWindow = (BADGE_WINDOWS as readonly string[]).includes(window ?? '') ? (window as BadgeWindow) : '24h';
    return uptimeBadge(await this.ratio(monitorId, w), w);
  }

  private async ratio(id: string, window: BadgeWindow): Promise<number | null> {
    const now = new Date();
    if (window === '24h' || window === '30d') return (await this.sources.uptimeMany([id], window, now)).get(id) ?? null;
    const days = (await this.sources.dailyUptimeMany([id], window === '7d' ? 7 : 90, now)).get(id) ?? [];
    return meanOf(days);
  }

  private async isPublic(monitorId: string): Promise<boolean> {
    return (await this.repo.all()).some((p) => p.published && p.monitors.includes(monitorId));
  }

  private async find(slug: string): Promise<StoredStatusPage> {
    const page = await this.repo.bySlug(slug);
    if (!page) throw notFound();
    return page;
  }

  private checks() {
    return {
      slugTaken: async (slug: string, exceptId?: string) => {
        const found = await this.repo.bySlug(slug);
        return found !== undefined && found.id !== exceptId;
      },
      monitorExists: (id: string) => this.sources.monitor(id) !== undefined,
    };
  }
}

/** The mean of the days that have data (each day counts once), null without any. */
function meanOf(days: DailyUptime[]): number | null {
  const known = days.map((d) => d.uptime).filter((u): u is number => u !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) / known.length : null;
}
