import { FieldErrorCollector } from '../../errors.js';
import { MONITOR_STATUSES, MONITOR_TYPES, type MonitorStatus, type MonitorType } from './monitor-types.js';
import type { StoredMonitor } from './monitors.repository.js';

export interface MonitorFilters {
  status?: MonitorStatus;
  type?: MonitorType;
  tag?: string;
  search?: string;
  ordering: 'name' | 'status' | '-last_checked_at';
}

const ORDERINGS = ['name', 'status', '-last_checked_at'] as const;

/** The list's query (monitoring.md §2.2): a bad choice answers 400 naming the parameter. */
export function monitorFilters(query: Record<string, unknown>): MonitorFilters {
  const errors = new FieldErrorCollector();
  const choice = <T extends string>(field: string, choices: readonly T[]): T | undefined => {
    const v = query[field];
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
    errors.add(field, `Select a valid choice. ${String(v).slice(0, 40)} is not one of the available choices.`);
    return undefined;
  };
  const text = (field: string) => (typeof query[field] === 'string' && query[field] !== '' ? (query[field] as string).slice(0, 200) : undefined);
  const filters: MonitorFilters = {
    status: choice('status', MONITOR_STATUSES), type: choice('type', MONITOR_TYPES),
    tag: text('tag'), search: text('search')?.toLowerCase(), ordering: choice('ordering', ORDERINGS) ?? 'name',
  };
  errors.throwIfAny();
  return filters;
}

const STATUS_ORDER: Record<MonitorStatus, number> = { down: 0, pending: 1, maintenance: 2, up: 3, paused: 4 };
const byName = (a: StoredMonitor, b: StoredMonitor) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : 0);

/** The monitors a list shows, in its order; `inNameOrder`: `all` is sorted by name already. */
export function selectMonitors(all: Iterable<StoredMonitor>, f: MonitorFilters, inNameOrder = false): StoredMonitor[] {
  const out: StoredMonitor[] = [];
  for (const m of all) {
    if (f.status && m.status !== f.status) continue;
    if (f.type && m.type !== f.type) continue;
    if (f.tag && !m.tags.includes(f.tag)) continue;
    if (f.search && !m.name.toLowerCase().includes(f.search) && !(m.target ?? '').toLowerCase().includes(f.search)) continue;
    out.push(m);
  }
  if (f.ordering === 'status') out.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || byName(a, b));
  else if (f.ordering === '-last_checked_at') out.sort((a, b) => (b.last_checked_at ?? '').localeCompare(a.last_checked_at ?? '') || byName(a, b));
  else if (!inNameOrder) out.sort(byName);
  return out;
}
