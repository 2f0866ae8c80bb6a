import { api } from './api.ts';
import type { Page } from './types.ts';

/** Wire shapes of uptime monitors (monitoring.md §2–4), as far as the dashboard reads them. */

export const MONITOR_TYPES = ['http', 'keyword', 'json-query', 'tcp', 'ping', 'dns', 'tls', 'push', 'device'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];
export const MONITOR_STATUSES = ['up', 'down', 'pending', 'maintenance', 'paused'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'SOA', 'CAA'] as const;

export const TYPE_TEXT: Record<MonitorType, string> = {
  http: 'HTTP(S)', keyword: 'HTTP keyword', 'json-query': 'HTTP JSON query', tcp: 'TCP port', ping: 'Ping',
  dns: 'DNS', tls: 'TLS certificate', push: 'Push', device: 'Inventory device',
};

export interface HttpOptions {
  method: string;
  headers: Record<string, string>;
  body: string | null;
  accepted_status: string[];
  max_redirects: number;
  ignore_tls: boolean;
  basic_auth: { username: string; password_set?: boolean } | null;
}

export interface Monitor {
  id: string;
  name: string;
  type: MonitorType;
  target: string | null;
  port: number | null;
  interval_s: number;
  timeout_s: number;
  retries: number;
  retry_interval_s: number;
  resend_every: number;
  http: HttpOptions | null;
  keyword: string | null;
  invert_keyword: boolean;
  json_path: string | null;
  expected_value: string | null;
  dns: { record_type: string; resolver: string | null; port: number | null } | null;
  tls_expiry_days: number;
  device_id: string | null;
  push_token: string | null;
  tags: string[];
  channels: string[];
  active: boolean;
  status: MonitorStatus;
  last_checked_at: string | null;
  last_response_ms: number | null;
  last_message: string | null;
  cert_expires_at: string | null;
  created_at: string;
  updated_at: string;
  /** Extensions of the list answer. */
  uptime_24h?: number | null;
  uptime_30d?: number | null;
  recent_response_ms?: Array<number | null> | null;
}

export interface Heartbeat { monitor_id: string; time: string; status: 'up' | 'down' | 'pending' | 'maintenance'; response_ms: number | null; message: string; important: boolean }
export type Summary = Record<MonitorStatus, number>;
export type Window = '24h' | '7d' | '30d' | '365d';
export type Uptime = Record<Window, number | null> & { avg_response_ms?: Partial<Record<Window, number | null>>; p95_response_ms?: Partial<Record<Window, number | null>> };
export interface Incident { started_at: string; ended_at: string | null; duration_s: number; message: string }

export interface MaintenanceWindow {
  id: string;
  title: string;
  description: string;
  monitors: string[];
  all_monitors: boolean;
  starts_at: string | null;
  ends_at: string | null;
  recurrence: { rrule: string; duration_s: number; timezone: string } | null;
  active_now: boolean;
}

export interface StatusPage { slug: string; title: string; description: string; monitors: string[]; published: boolean; show_response_times: boolean; footer: string }

export interface PublicStatus {
  title: string;
  description: string;
  overall: 'up' | 'degraded' | 'down' | 'maintenance';
  monitors: Array<{ name: string; status: MonitorStatus; uptime: { '24h': number | null; '30d': number | null; '90d': number | null }; days: Array<{ date: string; uptime: number | null }>; response_ms?: number | null }>;
  incidents: Array<Partial<Incident> & { name?: string; monitor?: string }>;
  updated_at: string;
  footer?: string;
}

/** Badge tones of the shared Badge component. */
export const STATUS_TONE: Record<string, string> = { up: 'ok', down: 'error', pending: 'warning', maintenance: 'info', paused: 'muted', degraded: 'warning' };

/** "99.95 %" from a 0–1 ratio; a dash when nothing was checked in the window. */
export function uptimeText(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  const pct = ratio * 100;
  return `${pct === 100 ? '100' : pct >= 99.99 ? '99.99' : pct.toFixed(2)} %`;
}

export function msText(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${Math.round(value)} ms`;
}

export function durationText(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}

/** What the monitor watches, in a line: the URL, host:port, device or push. */
export function targetText(m: Pick<Monitor, 'type' | 'target' | 'port'>): string {
  if (m.type === 'push') return 'push';
  if (m.type === 'device') return 'inventory device';
  if (!m.target) return '—';
  return m.port && (m.type === 'tcp' || m.type === 'tls') ? `${m.target.includes(':') ? `[${m.target}]` : m.target}:${m.port}` : m.target;
}

export const pushUrl = (token: string) => `${window.location.origin}/api/push/${token}`;

/** Every monitor (for pickers), following `next` past one page. */
export async function loadAllMonitors(signal?: AbortSignal): Promise<Monitor[]> {
  const all: Monitor[] = [];
  let url: string | null = 'monitors/?page_size=500';
  for (let i = 0; url && i < 40; i++) {
    const page: Page<Monitor> = await api<Page<Monitor>>(url.startsWith('http') ? new URL(url).pathname + new URL(url).search : url, { signal });
    all.push(...page.results);
    url = page.next;
  }
  return all;
}

export const monitorAction = (id: string, action: 'pause' | 'resume') => api<Monitor>(`monitors/${id}/${action}/`, { method: 'POST' });
export const checkNow = (id: string) => api<Heartbeat>(`monitors/${id}/check/`, { method: 'POST' });
export const deleteMonitor = (id: string) => api(`monitors/${id}/`, { method: 'DELETE' });
