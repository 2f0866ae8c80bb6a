import { FieldErrorCollector } from '../../errors.js';
import { wireTime } from '../../db/values.js';
import type { HistoryRepository, Resolution, SampleRow } from './history.repository.js';
import { DAY_MS, HOUR_MS, MINUTE_MS } from './history.service.js';
import { queryText, timestampParam } from './query-params.js';
import { MAX_COLUMNS, STORED_FIELDS } from './sample-fields.js';

const RANGES: Record<string, number> = {
  '15m': 15 * MINUTE_MS, '1h': HOUR_MS, '6h': 6 * HOUR_MS, '24h': DAY_MS,
  '7d': 7 * DAY_MS, '30d': 30 * DAY_MS, '90d': 90 * DAY_MS, '365d': 365 * DAY_MS,
};
const TIER_MS: Record<Resolution, number> = { minute: MINUTE_MS, hour: HOUR_MS, day: DAY_MS };
const RESOLUTIONS = ['auto', 'minute', 'hour', 'day'] as const;
const MAX_SPAN_MS = 400 * DAY_MS;
const FIELDS: readonly string[] = [...STORED_FIELDS, ...MAX_COLUMNS];

/** `auto`: the tier picked from the span may be completed from finer tiers (see `autoRows`). */
export interface HistoryQuery { from: number; to: number; resolution: Resolution; auto: boolean; maxPoints: number; fields: string[]; host: string }

/** Query parameters of `GET system/metrics/history/` (metrics.md §4.2); invalid ones → 400 naming the field. */
export function parseHistoryQuery(query: Record<string, unknown>, now: number, defaultHost: string): HistoryQuery {
  const errors = new FieldErrorCollector();
  const range = queryText(query, 'range') ?? '1h';
  const from = timestampParam(query, 'from', errors);
  const to = timestampParam(query, 'to', errors) ?? now;
  if (from === undefined && !(range in RANGES)) errors.add('range', `Unknown range: ${range}. Valid ranges: ${Object.keys(RANGES).join(', ')}.`);
  const start = from ?? to - (RANGES[range] ?? HOUR_MS);
  if (from !== undefined && from > to) errors.add('from', 'from must not be after to.');
  else if (to - start > MAX_SPAN_MS) errors.add('from', 'The span may not exceed 400 days.');

  const requested = queryText(query, 'resolution') ?? 'auto';
  if (!(RESOLUTIONS as readonly string[]).includes(requested)) errors.add('resolution', `Not a valid choice. Valid choices: ${RESOLUTIONS.join(', ')}.`);
  const span = to - start;
  const resolution: Resolution = requested === 'minute' || requested === 'hour' || requested === 'day'
    ? requested
    : span <= 48 * HOUR_MS ? 'minute' : span <= 35 * DAY_MS ? 'hour' : 'day';

  const rawMax = queryText(query, 'max_points');
  const maxPoints = rawMax === undefined ? 500 : Number(rawMax);
  if (!Number.isInteger(maxPoints) || maxPoints < 1 || maxPoints > 2000) errors.add('max_points', 'Must be an integer from 1 to 2000.');

  const rawFields = queryText(query, 'fields');
  const fields = rawFields === undefined
    ? [...STORED_FIELDS, ...(resolution === 'minute' ? [] : MAX_COLUMNS)]
    : [...new Set(rawFields.split(',').map((f) => f.trim()).filter(Boolean))];
  const unknown = fields.filter((f) => !FIELDS.includes(f));
  if (unknown.length > 0) errors.add('fields', `Unknown field: ${unknown[0]}. Valid fields: ${FIELDS.join(', ')}.`);
  else if (fields.length === 0) errors.add('fields', 'Name at least one field.');

  errors.throwIfAny();
  return { from: start, to, resolution, auto: requested === 'auto', maxPoints, fields, host: queryText(query, 'host') ?? defaultHost };
}

const ROUNDING: Record<string, number> = {
  network_rx: 0, network_tx: 0, memory_used_bytes: 0, disk_read_bytes_per_sec: 0, disk_write_bytes_per_sec: 0,
  network_rx_max: 0, network_tx_max: 0, load_1: 2, load_1_max: 2,
};
const round = (field: string, v: number) => {
  const scale = 10 ** (ROUNDING[field] ?? 1);
  return Math.round(v * scale) / scale;
};

/** A point from one or more consecutive samples: means of the fields, maxima of the `_max` fields. */
function point(at: number, rows: SampleRow[], fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { timestamp: wireTime(new Date(at)) };
  for (const field of fields) {
    const isMax = field.endsWith('_max');
    const base = (isMax ? field.slice(0, -4) : field) as keyof SampleRow;
    const pairs = rows
      .map((r) => ({ v: (isMax ? (r[field as keyof SampleRow] ?? r[base]) : r[base]) as number | null, w: Math.max(1, r.sample_count) }))
      .filter((p): p is { v: number; w: number } => p.v !== null && Number.isFinite(p.v));
    let value: number | null = null;
    if (pairs.length > 0 && isMax) value = Math.max(...pairs.map((p) => p.v));
    else if (pairs.length > 0) value = pairs.reduce((s, p) => s + p.v * p.w, 0) / pairs.reduce((s, p) => s + p.w, 0);
    out[field] = value === null ? null : round(field, value);
  }
  return out;
}

const FINER: Record<Resolution, Resolution | null> = { day: 'hour', hour: 'minute', minute: null };

/**
 * The rows of an `auto` query: the picked tier's, then the finer tiers' after the last coarse period (a young
 * history, or the hours and minutes not aggregated yet), so long ranges show what exists. The reported tier is the
 * coarsest that has rows.
 */
async function autoRows(repo: HistoryRepository, q: HistoryQuery): Promise<{ rows: SampleRow[]; resolution: Resolution }> {
  const rows: SampleRow[] = [];
  let resolution: Resolution | null = null;
  let from = q.from;
  for (let tier: Resolution | null = q.resolution; tier; tier = FINER[tier]) {
    const found = await repo.range(q.host, tier, new Date(from).toISOString(), new Date(q.to).toISOString(), true);
    if (found.length === 0) continue;
    rows.push(...found);
    resolution ??= tier;
    from = Math.max(from, Date.parse(found.at(-1)!.timestamp) + TIER_MS[tier]);
  }
  return { rows, resolution: resolution ?? q.resolution };
}

export async function historyResponse(repo: HistoryRepository, q: HistoryQuery) {
  const { rows, resolution } = q.auto
    ? await autoRows(repo, q)
    : { rows: await repo.range(q.host, q.resolution, new Date(q.from).toISOString(), new Date(q.to).toISOString(), true), resolution: q.resolution };
  const tier = TIER_MS[resolution];
  let width = tier;
  let results: Record<string, unknown>[];
  if (rows.length <= q.maxPoints) {
    results = rows.map((r) => point(Date.parse(r.timestamp), [r], q.fields));
  } else {
    // Buckets are whole multiples of the tier, aligned on it, and few enough that there are at most max_points.
    const base = Math.floor(q.from / tier) * tier;
    width = tier * (Math.floor((q.to - base) / (q.maxPoints * tier)) + 1);
    const buckets = new Map<number, SampleRow[]>();
    for (const r of rows) {
      const start = base + Math.floor((Date.parse(r.timestamp) - base) / width) * width;
      const list = buckets.get(start) ?? [];
      list.push(r);
      buckets.set(start, list);
    }
    results = [...buckets].sort(([a], [b]) => a - b).map(([start, list]) => point(start, list, q.fields));
  }
  return {
    from: wireTime(new Date(q.from)),
    to: wireTime(new Date(q.to)),
    resolution,
    resolution_seconds: width / 1000,
    count: results.length,
    results,
  };
}
