import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Dialect } from '../../../db/ddl.js';
import type { DB, MonitorAggregatesTable } from '../../../db/tables.js';
import { bool } from '../../../db/values.js';
import type { ListWindow, Listing } from '../../../http/pagination.js';
import type { BeatStatus, Heartbeat } from '../monitor-types.js';
import {
  HISTOGRAM_COLUMNS, TIERS, addBeat, averageOf, bucketStart, emptyCounts, p95Of, ratioOf, type Counts, type TierTable,
} from './aggregates.js';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const PRUNE_BATCH = 5000;

export interface UptimeWindows {
  '24h': number | null; '7d': number | null; '30d': number | null; '365d': number | null;
  avg_response_ms: Record<'24h' | '7d' | '30d' | '365d', number | null>;
  p95_response_ms: Record<'24h' | '7d' | '30d' | '365d', number | null>;
}
export interface Incident { started_at: string; ended_at: string | null; duration_s: number | null; message: string }

/** Which tier answers a window: the finest one that is kept that long and is cheap enough to sum. */
const WINDOWS = { '24h': { ms: DAY, tier: 'monitor_minutes' }, '7d': { ms: 7 * DAY, tier: 'monitor_hours' }, '30d': { ms: 30 * DAY, tier: 'monitor_hours' }, '365d': { ms: 365 * DAY, tier: 'monitor_days' } } as const;

type AggregateRow = Pick<MonitorAggregatesTable, 'up' | 'down' | 'pending' | 'maintenance' | 'rt_sum' | 'rt_count' | 'rt_max'> & Record<string, unknown>;

function countsOf(row: AggregateRow): Counts {
  return {
    up: Number(row.up ?? 0), down: Number(row.down ?? 0), pending: Number(row.pending ?? 0), maintenance: Number(row.maintenance ?? 0),
    rt_sum: Number(row.rt_sum ?? 0), rt_count: Number(row.rt_count ?? 0), rt_max: row.rt_max === null || row.rt_max === undefined ? null : Number(row.rt_max),
    hist: HISTOGRAM_COLUMNS.map((h) => Number(row[h] ?? 0)),
  };
}

const sums = sql.raw(['up', 'down', 'pending', 'maintenance', 'rt_sum', 'rt_count', ...HISTOGRAM_COLUMNS].map((c) => `SUM(${c}) AS ${c}`).join(', ') + ', MAX(rt_max) AS rt_max');

/**
 * Heartbeats, their per-minute/hour/day aggregates and the incidents (monitoring.md §2.2–2.3). Each batch of
 * heartbeats is written in one transaction together with the aggregate rows it adds to (upserts that add counts,
 * so no raw row is ever read again) and the incidents it opens or closes.
 */
export class MonitorHistory {
  constructor(private readonly db: Kysely<DB>, private readonly rawRetentionDays: number) {}

  async recordMany(beats: Heartbeat[]): Promise<void> {
    if (!beats.length) return;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < beats.length; i += 200) {
        await trx.insertInto('monitor_heartbeats').values(beats.slice(i, i + 200).map((b) => ({
          monitor_id: b.monitor_id, time: b.time, status: b.status, response_ms: b.response_ms, message: b.message.slice(0, 1000), important: b.important,
        }))).execute();
      }
      for (const { table, ms } of TIERS) await this.addToTier(trx, table, ms, beats);
      for (const beat of beats.filter((b) => b.important)) await this.trackIncident(trx, beat);
    });
  }

  record(beat: Heartbeat): Promise<void> {
    return this.recordMany([beat]);
  }

  async heartbeats(monitorId: string, f: { since?: string; until?: string; important?: boolean }, window: ListWindow): Promise<Listing<Heartbeat>> {
    let q = this.db.selectFrom('monitor_heartbeats').where('monitor_id', '=', monitorId);
    if (f.since) q = q.where('time', '>=', f.since);
    if (f.until) q = q.where('time', '<=', f.until);
    if (f.important !== undefined) q = q.where('important', '=', f.important);
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      q.select(['monitor_id', 'time', 'status', 'response_ms', 'message', 'important']).orderBy('time', 'desc').orderBy('id', 'desc')
        .limit(window.limit).offset(window.offset).execute(),
    ]);
    return {
      count: Number(count?.n ?? 0),
      rows: rows.map((r) => ({
        monitor_id: r.monitor_id, time: r.time, status: r.status as BeatStatus, response_ms: r.response_ms === null ? null : Number(r.response_ms),
        message: r.message, important: bool(r.important),
      })),
    };
  }

  async uptime(monitorId: string, now: Date): Promise<UptimeWindows> {
    const out = { avg_response_ms: {}, p95_response_ms: {} } as UptimeWindows;
    await Promise.all((Object.keys(WINDOWS) as Array<keyof typeof WINDOWS>).map(async (key) => {
      const { ms, tier } = WINDOWS[key];
      const c = await this.sumOf(tier, [monitorId], new Date(now.getTime() - ms)).then((m) => m.get(monitorId) ?? emptyCounts());
      out[key] = ratioOf(c);
      out.avg_response_ms[key] = averageOf(c);
      out.p95_response_ms[key] = p95Of(c);
    }));
    return { '24h': out['24h'], '7d': out['7d'], '30d': out['30d'], '365d': out['365d'], avg_response_ms: order(out.avg_response_ms), p95_response_ms: order(out.p95_response_ms) };
  }

  /** One window for many monitors (the list's uptime columns): hours for a day, days for a month. */
  async uptimeMany(ids: string[], window: '24h' | '30d', now: Date): Promise<Map<string, number | null>> {
    const tier: TierTable = window === '24h' ? 'monitor_hours' : 'monitor_days';
    const since = new Date(now.getTime() - (window === '24h' ? DAY : 30 * DAY));
    const found = await this.sumOf(tier, ids, since);
    return new Map(ids.map((id) => [id, found.has(id) ? ratioOf(found.get(id)!) : null]));
  }

  /** Daily uptime (UTC dates), oldest first, `days` entries per monitor; null for days without checks. */
  async dailyUptimeMany(ids: string[], days: number, now: Date): Promise<Map<string, Array<{ date: string; uptime: number | null }>>> {
    const today = Math.floor(now.getTime() / DAY) * DAY;
    const first = new Date(today - (days - 1) * DAY).toISOString();
    const rows = ids.length
      ? await this.db.selectFrom('monitor_days').select(['monitor_id', 'bucket', 'up', 'down', 'pending']).where('monitor_id', 'in', ids).where('bucket', '>=', first).execute()
      : [];
    const byMonitor = new Map<string, Map<string, number | null>>();
    for (const r of rows) {
      const total = Number(r.up) + Number(r.pending) + Number(r.down);
      (byMonitor.get(r.monitor_id) ?? byMonitor.set(r.monitor_id, new Map()).get(r.monitor_id)!)
        .set(new Date(r.bucket).toISOString().slice(0, 10), total ? (Number(r.up) + Number(r.pending)) / total : null);
    }
    const dates = Array.from({ length: days }, (_, i) => new Date(today - (days - 1 - i) * DAY).toISOString().slice(0, 10));
    return new Map(ids.map((id) => [id, dates.map((date) => ({ date, uptime: byMonitor.get(id)?.get(date) ?? null }))]));
  }

  async incidents(monitorId: string, window: ListWindow): Promise<Listing<Incident>> {
    const q = this.db.selectFrom('monitor_incidents').where('monitor_id', '=', monitorId);
    const [count, rows] = await Promise.all([
      q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
      q.selectAll().orderBy('started_at', 'desc').limit(window.limit).offset(window.offset).execute(),
    ]);
    return { count: Number(count?.n ?? 0), rows: rows.map(presentIncident) };
  }

  async recentIncidents(ids: string[], sinceIso: string): Promise<Array<Incident & { monitor_id: string }>> {
    if (!ids.length) return [];
    const rows = await this.db.selectFrom('monitor_incidents').selectAll().where('monitor_id', 'in', ids)
      .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', sinceIso)])).orderBy('started_at', 'desc').limit(200).execute();
    return rows.map((r) => ({ monitor_id: r.monitor_id, ...presentIncident(r) }));
  }

  /** The last `n` response times of each monitor, oldest first. */
  async recentResponses(ids: string[], n: number): Promise<Map<string, Array<number | null>>> {
    const out = new Map<string, Array<number | null>>();
    for (const id of ids) {
      const rows = await this.db.selectFrom('monitor_heartbeats').select('response_ms').where('monitor_id', '=', id)
        .orderBy('time', 'desc').limit(n).execute();
      if (rows.length) out.set(id, rows.reverse().map((r) => (r.response_ms === null ? null : Number(r.response_ms))));
    }
    return out;
  }

  async deleteFor(monitorId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('monitor_heartbeats').where('monitor_id', '=', monitorId).execute();
      for (const { table } of TIERS) await trx.deleteFrom(table).where('monitor_id', '=', monitorId).execute();
      await trx.deleteFrom('monitor_incidents').where('monitor_id', '=', monitorId).execute();
    });
  }

  /** Retention (monitoring.md §2.3), in bounded batches so a long backlog never holds the database for long. */
  async prune(now: Date): Promise<number> {
    let removed = 0;
    const rawBefore = new Date(now.getTime() - this.rawRetentionDays * DAY).toISOString();
    for (;;) {
      const ids = await this.db.selectFrom('monitor_heartbeats').select('id').where('time', '<', rawBefore).limit(PRUNE_BATCH).execute();
      if (!ids.length) break;
      await this.db.deleteFrom('monitor_heartbeats').where('id', 'in', ids.map((r) => r.id)).execute();
      removed += ids.length;
      if (ids.length < PRUNE_BATCH) break;
    }
    for (const { table, keepDays } of TIERS) {
      const r = await this.db.deleteFrom(table).where('bucket', '<', new Date(now.getTime() - keepDays * DAY).toISOString()).executeTakeFirst();
      removed += Number(r.numDeletedRows);
    }
    const old = new Date(now.getTime() - 400 * DAY).toISOString();
    await this.db.deleteFrom('monitor_incidents').where('ended_at', '<', old).execute();
    return removed;
  }

  private async sumOf(tier: TierTable, ids: string[], since: Date): Promise<Map<string, Counts>> {
    if (!ids.length) return new Map();
    // The bucket holding `since` counts whole: windows are at most one bucket longer than asked.
    const from = bucketStart(since.getTime(), tier === 'monitor_minutes' ? 60_000 : tier === 'monitor_hours' ? HOUR : DAY);
    const { rows } = await sql<AggregateRow & { monitor_id: string }>`SELECT monitor_id, ${sums} FROM ${sql.table(tier)}
      WHERE monitor_id IN (${sql.join(ids)}) AND bucket >= ${from} GROUP BY monitor_id`.execute(this.db);
    return new Map(rows.map((r) => [r.monitor_id, countsOf(r)]));
  }

  private async addToTier(trx: Transaction<DB>, table: TierTable, ms: number, beats: Heartbeat[]): Promise<void> {
    const buckets = new Map<string, { monitor_id: string; bucket: string; counts: Counts }>();
    for (const beat of beats) {
      const bucket = bucketStart(Date.parse(beat.time), ms);
      const key = `${beat.monitor_id}|${bucket}`;
      const entry = buckets.get(key) ?? buckets.set(key, { monitor_id: beat.monitor_id, bucket, counts: emptyCounts() }).get(key)!;
      addBeat(entry.counts, beat);
    }
    const rows = [...buckets.values()].map(({ monitor_id, bucket, counts }) => ({
      monitor_id, bucket, up: counts.up, down: counts.down, pending: counts.pending, maintenance: counts.maintenance,
      rt_sum: counts.rt_sum, rt_count: counts.rt_count, rt_max: counts.rt_max,
      ...Object.fromEntries(HISTOGRAM_COLUMNS.map((h, i) => [h, counts.hist[i]])),
    })) as MonitorAggregatesTable[];
    const added = ['up', 'down', 'pending', 'maintenance', 'rt_sum', 'rt_count', ...HISTOGRAM_COLUMNS];
    for (let i = 0; i < rows.length; i += 100) {
      await trx.insertInto(table).values(rows.slice(i, i + 100)).onConflict((oc) => oc.columns(['monitor_id', 'bucket']).doUpdateSet({
        ...Object.fromEntries(added.map((c) => [c, sql`${sql.ref(`${table}.${c}`)} + excluded.${sql.raw(c)}`])),
        rt_max: sql`CASE WHEN ${sql.ref(`${table}.rt_max`)} IS NULL OR excluded.rt_max > ${sql.ref(`${table}.rt_max`)} THEN excluded.rt_max ELSE ${sql.ref(`${table}.rt_max`)} END`,
      })).execute();
    }
  }

  private async trackIncident(trx: Transaction<DB>, beat: Heartbeat): Promise<void> {
    const open = await trx.selectFrom('monitor_incidents').select('id').where('monitor_id', '=', beat.monitor_id).where('ended_at', 'is', null).executeTakeFirst();
    if (beat.status === 'down' && !open) {
      await trx.insertInto('monitor_incidents').values({ id: randomUUID(), monitor_id: beat.monitor_id, started_at: beat.time, ended_at: null, message: beat.message.slice(0, 1000) }).execute();
    } else if (beat.status !== 'down' && beat.status !== 'pending' && open) {
      await trx.updateTable('monitor_incidents').set({ ended_at: beat.time }).where('id', '=', open.id).execute();
    }
  }
}

function presentIncident(r: { started_at: string; ended_at: string | null; message: string }): Incident {
  const started = new Date(r.started_at);
  const ended = r.ended_at ? new Date(r.ended_at) : null;
  return {
    started_at: started.toISOString().replace('Z', '+00:00'), ended_at: ended ? ended.toISOString().replace('Z', '+00:00') : null,
    duration_s: ended ? Math.round((ended.getTime() - started.getTime()) / 1000) : null, message: r.message,
  };
}

const order = <T>(o: Record<string, T>) => ({ '24h': o['24h'], '7d': o['7d'], '30d': o['30d'], '365d': o['365d'] });

export function createMonitorHistory({ db, rawRetentionDays }: { db: Kysely<DB>; dialect: Dialect; rawRetentionDays: number }): MonitorHistory {
  return new MonitorHistory(db, rawRetentionDays);
}

