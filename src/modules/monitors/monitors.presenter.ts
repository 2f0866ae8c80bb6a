import { wireTime } from '../../db/values.js';
import type { Heartbeat } from './monitor-types.js';
import type { StoredMonitor } from './monitors.repository.js';

/** Read-only extras of a listed monitor: uptime and the recent response times for a sparkline. */
export interface MonitorExtras {
  uptime_24h: number | null;
  uptime_30d: number | null;
  recent_response_ms: Array<number | null>;
}

/**
 * Monitor of monitoring.md §2.1. Secrets are write-only: the basic-auth password shows as `password_set`, and the
 * push token only to holders of `can_manage_monitors` (others see null: the token is the push URL's secret).
 */
export function presentMonitor(m: StoredMonitor, canManage: boolean, extras?: MonitorExtras) {
  const http = m.http
    ? { ...m.http, basic_auth: m.http.basic_auth ? { username: m.http.basic_auth.username, password_set: m.http.basic_auth.password !== '' } : null }
    : null;
  return {
    id: m.id, name: m.name, type: m.type, target: m.target, port: m.port,
    interval_s: m.interval_s, timeout_s: m.timeout_s, retries: m.retries, retry_interval_s: m.retry_interval_s, resend_every: m.resend_every,
    http, keyword: m.keyword, invert_keyword: m.invert_keyword, json_path: m.json_path, expected_value: m.expected_value, dns: m.dns,
    tls_expiry_days: m.tls_expiry_days, device_id: m.device_id, push_token: canManage ? m.push_token : null,
    tags: m.tags, channels: m.channels, active: m.active, status: m.status,
    last_checked_at: wireTime(m.last_checked_at), last_response_ms: m.last_response_ms, last_message: m.last_message,
    cert_expires_at: wireTime(m.cert_expires_at),
    created_at: wireTime(m.created_at), updated_at: wireTime(m.updated_at), created_by: m.created_by,
    ...(extras ?? {}),
  };
}

export type MonitorView = ReturnType<typeof presentMonitor>;

export const presentHeartbeat = (b: Heartbeat) => ({ ...b, time: wireTime(b.time)! });
