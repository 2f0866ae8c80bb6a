import { watchedHost } from './hosts.ts';
import { onEvent } from './socket.ts';
import { createStore } from './store.ts';

/** The metrics object of `metrics_update` (metrics.md §2–§3), as far as the dashboard reads it. */
export interface Filesystem { mount_point: string; device: string; fs_type: string; total_bytes: number; used_bytes: number; usage_percent: number }
export interface Metrics {
  timestamp: string;
  /** An agent's samples name it (its id); this server's own do not. */
  host?: string;
  cpu_usage: number;
  cpu_cores: number;
  cpu_speed: number;
  memory_usage: number;
  memory_total: number;
  memory_used: number;
  disk_usage: number;
  disk_total: number;
  disk_used: number;
  network_rx: number;
  network_tx: number;
  uptime?: { percentage: number; duration: string };
  server_info?: { hostname: string; private_ip: string; public_ip: string; os: string; architecture: string; kernel: string };
  security?: { status: string; lastScan: string | null };
  alerts?: Array<{ title: string; serverId: string; severity: string }>;
  extended?: {
    cpu?: { model: string | null; logical_cores: number; per_core_usage_percent: number[]; load_average: Record<'1m' | '5m' | '15m', number> };
    memory?: { total_bytes: number; used_bytes: number; cached_bytes: number; available_bytes: number };
    swap?: { total_bytes: number; used_bytes: number; usage_percent: number };
    filesystems?: Filesystem[];
    disk_io?: { read_bytes_per_sec: number; write_bytes_per_sec: number };
    processes?: { total: number; running: number; threads: number };
    temperatures?: Array<{ sensor: string; label: string; current_celsius: number }>;
    host?: { os_pretty_name: string | null; everyst_version: string };
  };
}

/** One point of the live charts. */
export interface Point { t: number; cpu: number; memory: number; rx: number; tx: number; read: number; write: number }

/** How much live history the charts keep (the last minutes, at the live interval). */
export const WINDOW_MS = 5 * 60_000;

export const latestMetrics = createStore<Metrics | null>(null);
export const liveSeries = createStore<Point[]>([]);

function toPoint(m: Metrics): Point {
  return {
    t: Date.parse(m.timestamp) || Date.now(), cpu: m.cpu_usage, memory: m.memory_usage, rx: m.network_rx, tx: m.network_tx,
    read: m.extended?.disk_io?.read_bytes_per_sec ?? 0, write: m.extended?.disk_io?.write_bytes_per_sec ?? 0,
  };
}

/** Takes a sample of `host` (null: this server) if it is the host the pages watch. */
export function acceptMetrics(m: Metrics, host: string | null = m?.host ?? null): void {
  if (!m || typeof m.cpu_usage !== 'number') return;
  if ((host?.toLowerCase() ?? null) !== (watchedHost.get()?.toLowerCase() ?? null)) return;
  const prev = latestMetrics.get();
  if (prev && prev.timestamp === m.timestamp) return;
  latestMetrics.set(m);
  const point = toPoint(m);
  liveSeries.set((list) => [...list.filter((p) => p.t > point.t - WINDOW_MS && p.t < point.t), point]);
}

/** Feeds the stores from the socket for as long as the page is open. */
export function startMetricsFeed(): void {
  onEvent('metrics_update', (payload) => acceptMetrics(payload as Metrics));
  // Another host's figures never mix with the last one's.
  watchedHost.subscribe(() => {
    latestMetrics.set(null);
    liveSeries.set([]);
  });
}
