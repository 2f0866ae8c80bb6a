/**
 * The monitors domain's shared vocabulary (monitoring.md §2): what a monitor is, what one check answers and
 * what a heartbeat records. Checks, the scheduler, history and the service all speak these types.
 */

export const MONITOR_TYPES = ['http', 'keyword', 'json-query', 'tcp', 'ping', 'dns', 'tls', 'push', 'device'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

export const MONITOR_STATUSES = ['pending', 'up', 'down', 'maintenance', 'paused'] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

/** A heartbeat's status: a check result, or `pending` (retrying) / `maintenance`. */
export type BeatStatus = 'up' | 'down' | 'pending' | 'maintenance';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'NS', 'TXT', 'SRV', 'PTR', 'SOA', 'CAA'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

export interface HttpOptions {
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | null;
  /** `"200-299"` or `"404"` style ranges. */
  accepted_status: string[];
  max_redirects: number;
  ignore_tls: boolean;
  basic_auth: { username: string; password: string } | null;
}

export interface DnsOptions {
  record_type: DnsRecordType;
  /** An IP address; null = the configured DNS_SERVERS. */
  resolver: string | null;
  port: number | null;
}

/** What a check needs of a monitor: its stored definition (secrets in clear, in memory only). */
export interface MonitorSpec {
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
  dns: DnsOptions | null;
  tls_expiry_days: number;
  device_id: string | null;
  push_token: string | null;
  tags: string[];
  channels: string[];
  active: boolean;
}

/** The answer of one check of one monitor. */
export interface CheckResult {
  status: 'up' | 'down';
  /** Round-trip time of the check, null when nothing answered. */
  responseMs: number | null;
  /** Why, in a line: "200 OK", "Timeout after 5 s", "Keyword 'ok' not found", "Certificate expires in 3 days". */
  message: string;
  /** ISO time the served certificate expires (http over TLS, tls), else undefined. */
  certExpiresAt?: string | null;
}

export interface CheckContext {
  /** Aborted at `timeout_s` (or on shutdown): sockets are destroyed, child processes killed. */
  signal: AbortSignal;
  timeoutMs: number;
  /** "ip" or "ip:port" resolvers (DNS_SERVERS); empty = the system's. */
  dnsServers: readonly string[];
}

/** Runs one check of one monitor; never throws (a failure is `down` with a message). */
export type Checker = (monitor: MonitorSpec, context: CheckContext) => Promise<CheckResult>;

/** A stored heartbeat as the API shows it (monitoring.md §2.3). */
export interface Heartbeat {
  monitor_id: string;
  time: string;
  status: BeatStatus;
  response_ms: number | null;
  message: string;
  important: boolean;
}
