import { object, timestamp } from '../../http/schema-kit.js';

/**
 * Route schemas of the metrics module (metrics.md §2–§4, §6; rest.md §9). Responses are serialised from them, so
 * every object lists its keys in the order the service builds them. Query parameters are documented but not
 * typed here: the routes parse them by hand, with the field messages of metrics.md §4.2.
 */
const num = { type: 'number' } as const;
const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
const orNull = <T extends { type: string }>(s: T) => ({ ...s, type: [s.type, 'null'] }) as const;
const arrayOf = <T>(items: T) => ({ type: 'array', items }) as const;
const status = { type: 'string', enum: ['success', 'warning', 'error'] } as const;

const ioRates = { read_bytes_per_sec: num, write_bytes_per_sec: num, reads_per_sec: num, writes_per_sec: num };

/** The extended groups (metrics.md §3), in their canonical order. */
const extendedGroups = {
  cpu: object({
    model: orNull(str), logical_cores: int, physical_cores: int, per_core_usage_percent: arrayOf(num),
    usage_breakdown_percent: object({ user: num, system: num, iowait: num, irq: num, steal: num, idle: num }),
    frequency_mhz: orNull(num), max_frequency_mhz: orNull(num), load_average: object({ '1m': num, '5m': num, '15m': num }),
    context_switches_per_sec: num, interrupts_per_sec: num,
  }),
  memory: object({
    total_bytes: num, used_bytes: num, available_bytes: num, free_bytes: num, buffers_bytes: num, cached_bytes: num,
    shared_bytes: num, usage_percent: num,
  }),
  swap: object({ total_bytes: num, used_bytes: num, free_bytes: num, usage_percent: num, swap_in_bytes_per_sec: num, swap_out_bytes_per_sec: num }),
  filesystems: arrayOf(object({
    mount_point: str, device: str, fs_type: str, total_bytes: num, used_bytes: num, available_bytes: num, usage_percent: num,
    inodes_total: orNull(num), inodes_used: orNull(num), inodes_usage_percent: orNull(num), read_only: bool,
  })),
  disk_io: object({ ...ioRates, devices: arrayOf(object({ name: str, ...ioRates, busy_percent: num })) }),
  network: object({
    rx_bytes_per_sec: num, tx_bytes_per_sec: num,
    interfaces: arrayOf(object({
      name: str, is_up: bool, mac: orNull(str), mtu: num, speed_mbps: orNull(num), addresses: arrayOf(str),
      rx_bytes_per_sec: num, tx_bytes_per_sec: num, rx_packets_per_sec: num, tx_packets_per_sec: num,
      rx_bytes_total: num, tx_bytes_total: num, rx_errors: num, tx_errors: num, rx_dropped: num, tx_dropped: num,
    })),
  }),
  processes: object({ total: num, running: num, blocked: num, threads: num }),
  temperatures: arrayOf(object({ sensor: str, label: str, current_celsius: num, high_celsius: orNull(num), critical_celsius: orNull(num) })),
  host: object({
    hostname: str, os_name: str, os_release: str, os_pretty_name: orNull(str), architecture: str, boot_time: timestamp,
    uptime_seconds: num, everyst_version: str,
  }),
};

/** The metrics object of `current` (metrics.md §2: the flat keys of group `core`, then `extended`). */
export const metricsObject = {
  ...object({
    timestamp, cpu_usage: num, cpu_cores: num, cpu_speed: num, memory_usage: num, memory_total: num, memory_used: num,
    disk_usage: num, disk_total: num, disk_used: num, network_rx: num, network_tx: num,
    uptime: object({ percentage: num, duration: { type: 'string', examples: ['3d 4h 12m'] } }),
    server_info: object({ hostname: str, private_ip: str, public_ip: str, os: str, architecture: str, kernel: str }),
    security: object({ status, lastScan: orNull({ type: 'string', format: 'date-time' }) }),
    threats: arrayOf(object({ type: { type: 'string', enum: ['Login lockout'] }, time: timestamp, status: { type: 'string', enum: ['error'] } })),
    alerts: arrayOf(object({ title: str, serverId: str, severity: { type: 'string', enum: ['error', 'warning'] } })),
    extended: object(extendedGroups, Object.keys(extendedGroups) as Array<keyof typeof extendedGroups>),
  }),
  description: 'Flat keys (group `core`) and the extended groups (metrics.md §2–§3).',
} as const;

export const currentSchema = {
  querystring: { type: 'object', properties: { host: { description: 'This instance\'s host (default) or an agent id (monitoring.md §6)' } } },
  response: { 200: metricsObject },
} as const;

const describedQuery = (properties: Record<string, string>) => ({
  type: 'object',
  properties: Object.fromEntries(Object.entries(properties).map(([name, description]) => [name, { description }])),
}) as const;

export const historySchema = {
  querystring: describedQuery({
    range: '15m, 1h (default), 6h, 24h, 7d, 30d, 90d or 365d; ignored when `from` is given',
    from: 'ISO-8601 date-time with an offset',
    to: 'ISO-8601 date-time with an offset (default: now)',
    resolution: 'auto (default), minute, hour or day',
    max_points: 'integer 1–2000 (default 500)',
    fields: 'comma-separated stored fields (and `<field>_max`)',
    host: 'host name (default: the serving host)',
  }),
  response: {
    200: {
      ...object({
        from: timestamp, to: timestamp, resolution: { type: 'string', enum: ['minute', 'hour', 'day'] }, resolution_seconds: num, count: int,
        results: arrayOf({
          type: 'object',
          description: 'One point: `timestamp` and each field asked for (null when no sample had a value).',
          properties: { timestamp },
          required: ['timestamp'],
          additionalProperties: true,
        }),
      }),
      examples: [{
        from: '2025-07-27T09:15:00.000+00:00', to: '2025-07-27T10:15:00.000+00:00', resolution: 'minute', resolution_seconds: 60, count: 1,
        results: [{ timestamp: '2025-07-27T10:15:00.000+00:00', cpu_usage: 12.5, cpu_temperature: null }],
      }],
    },
  },
} as const;

export const hostsSchema = {
  response: {
    200: object({
      current_host: str,
      hosts: arrayOf(object({
        host: { ...str, description: 'A host name (instances) or the agent id (agents): the `host` of current, history and subscribe_metrics' },
        first_sample: { ...orNull(str), format: 'date-time', description: 'null for an agent without history yet' },
        last_sample: { ...orNull(str), format: 'date-time' },
        kind: { type: 'string', enum: ['instance', 'agent'] },
        agent_id: orNull(str), name: str, online: bool,
      })),
    }),
  },
} as const;

/** MetricsSample of rest.md §1.9. */
export const metricsSample = object({
  id: int, created_at: timestamp, updated_at: timestamp, timestamp, cpu_usage: orNull(num), memory_usage: orNull(num),
  disk_usage: orNull(num), network_rx: num, network_tx: num, resolution: { type: 'string', enum: ['minute', 'hour', 'day'] },
  load_1: orNull(num), swap_usage: orNull(num), process_count: orNull(num), cpu_temperature: orNull(num), host: str,
});

const pageOfSamples = object({
  count: int,
  next: orNull({ type: 'string', format: 'uri' }),
  previous: orNull({ type: 'string', format: 'uri' }),
  results: arrayOf(metricsSample),
});

export const samplesSchema = {
  querystring: describedQuery({
    page: 'page number, from 1', page_size: '1–500 (default 50)', host: 'host name',
    since: 'ISO-8601 date-time with an offset', until: 'ISO-8601 date-time with an offset',
  }),
  response: { 200: pageOfSamples },
} as const;

export const sampleSchema = {
  params: object({ id: { type: 'string', description: 'sample id (integer)' } }),
  response: { 200: metricsSample },
} as const;

const errorShape = object({ detail: str, code: str });

/** `GET /metrics`: the text exposition format 0.0.4; errors are JSON. */
export const prometheusSchema = {
  description: 'Prometheus export (metrics.md §6), outside /api/: enabled by PROMETHEUS_ENABLED; needs `Authorization: Bearer <PROMETHEUS_TOKEN>` when a token is set.',
  response: {
    200: {
      description: 'Text exposition format 0.0.4',
      content: { 'text/plain': { schema: { type: 'string', examples: ['# TYPE everyst_cpu_usage_percent gauge\neveryst_cpu_usage_percent 12.5\n'] } } },
    },
    401: { ...errorShape, description: 'PROMETHEUS_TOKEN is set and the request does not carry it' },
    404: { ...errorShape, description: 'The export is disabled' },
  },
} as const;
