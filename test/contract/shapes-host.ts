import { arrayOf, oneOf, type TypeSpec } from './shape-check.js';

/** Host-side representations: the metrics object (metrics.md §2–§3), its history, security status, tool runs. */
const CpuGroup = {
  model: 'string?', logical_cores: 'integer', physical_cores: 'integer', per_core_usage_percent: 'number[]',
  usage_breakdown_percent: { user: 'number', system: 'number', iowait: 'number', irq: 'number', steal: 'number', idle: 'number' },
  frequency_mhz: 'number?', max_frequency_mhz: 'number?', load_average: { '1m': 'number', '5m': 'number', '15m': 'number' },
  context_switches_per_sec: 'integer', interrupts_per_sec: 'integer',
};
const MemoryGroup = {
  total_bytes: 'integer', used_bytes: 'integer', available_bytes: 'integer', free_bytes: 'integer', buffers_bytes: 'integer',
  cached_bytes: 'integer', shared_bytes: 'integer', usage_percent: 'number',
};
const SwapGroup = {
  total_bytes: 'number', used_bytes: 'number', free_bytes: 'number', usage_percent: 'number', swap_in_bytes_per_sec: 'number', swap_out_bytes_per_sec: 'number',
};
const Filesystem = {
  mount_point: 'string', device: 'string', fs_type: 'string', total_bytes: 'number', used_bytes: 'number', available_bytes: 'number',
  usage_percent: 'number', inodes_total: 'number?', inodes_used: 'number?', inodes_usage_percent: 'number?', read_only: 'boolean',
};
const IoRates = { read_bytes_per_sec: 'number', write_bytes_per_sec: 'number', reads_per_sec: 'number', writes_per_sec: 'number' };
const DiskIoGroup = { ...IoRates, devices: arrayOf({ name: 'string', ...IoRates, busy_percent: 'number' }) };
const NetworkGroup = {
  rx_bytes_per_sec: 'integer', tx_bytes_per_sec: 'integer',
  interfaces: arrayOf({
    name: 'string', is_up: 'boolean', mac: 'string?', mtu: 'integer', speed_mbps: 'number?', addresses: 'string[]',
    rx_bytes_per_sec: 'number', tx_bytes_per_sec: 'number', rx_packets_per_sec: 'number', tx_packets_per_sec: 'number',
    rx_bytes_total: 'number', tx_bytes_total: 'number', rx_errors: 'number', tx_errors: 'number', rx_dropped: 'number', tx_dropped: 'number',
  }),
};
const HostGroup = {
  hostname: 'string', os_name: 'string', os_release: 'string', os_pretty_name: 'string?', architecture: 'string',
  boot_time: 'timestamp', uptime_seconds: 'integer', everyst_version: 'string',
};
export const EXTENDED_GROUPS = {
  cpu: CpuGroup, memory: MemoryGroup, swap: SwapGroup, filesystems: arrayOf(Filesystem), disk_io: DiskIoGroup, network: NetworkGroup,
  processes: { total: 'integer', running: 'integer', blocked: 'integer', threads: 'integer' },
  temperatures: arrayOf({ sensor: 'string', label: 'string', current_celsius: 'number', high_celsius: 'number?', critical_celsius: 'number?' }),
  host: HostGroup,
} satisfies Record<string, TypeSpec>;

/** The flat keys of group `core` (metrics.md §2), in the table's order. */
export const MetricsCore = {
  timestamp: 'timestamp', cpu_usage: 'number', cpu_cores: 'integer', cpu_speed: 'number', memory_usage: 'number', memory_total: 'number',
  memory_used: 'number', disk_usage: 'number', disk_total: 'number', disk_used: 'number', network_rx: 'integer', network_tx: 'integer',
  uptime: { percentage: 'number', duration: 'string' },
  server_info: { hostname: 'string', private_ip: 'string', public_ip: 'string', os: 'string', architecture: 'string', kernel: 'string' },
  security: { status: oneOf('success', 'warning', 'error'), lastScan: 'timestamp?' },
  threats: arrayOf({ type: oneOf('Login lockout'), time: 'timestamp', status: oneOf('error') }),
  alerts: arrayOf({ title: 'string', serverId: 'string', severity: oneOf('error', 'warning') }),
} satisfies TypeSpec;

/** The metrics object restricted to `groups` (all of them for REST). */
export function MetricsObject(groups: Array<keyof typeof EXTENDED_GROUPS> = Object.keys(EXTENDED_GROUPS) as Array<keyof typeof EXTENDED_GROUPS>): TypeSpec {
  return { ...MetricsCore, extended: Object.fromEntries(groups.map((g) => [g, EXTENDED_GROUPS[g]])) };
}

export const MetricsHistory = {
  from: 'timestamp', to: 'timestamp', resolution: oneOf('minute', 'hour', 'day'), resolution_seconds: 'integer', count: 'integer',
  results: arrayOf((v, path, errors) => {
    if (typeof v !== 'object' || v === null || typeof (v as { timestamp?: unknown }).timestamp !== 'string') errors.push(`${path}: a point needs a timestamp`);
  }),
} satisfies TypeSpec;

const CheckStatus = oneOf('pass', 'warn', 'fail', 'unknown');
export function SecuritySnapshot(privileged: boolean): TypeSpec {
  return {
    timestamp: 'timestamp', score: 'integer', status: oneOf('success', 'warning', 'error'),
    checks: arrayOf({ id: 'string', title: 'string', status: CheckStatus, detail: 'string', evidence: privileged ? 'object' : 'null' }, { min: 10 }),
    listening: privileged
      ? arrayOf({ protocol: oneOf('tcp', 'udp'), address: 'string', port: 'integer', process: 'string?' })
      : 'null',
  };
}

export const ToolResult = {
  output: 'string', status: oneOf('success', 'error', 'warning'), timestamp: 'timestamp', tool: 'string', command: 'string',
  exit_code: 'integer?', duration_ms: 'integer', truncated: 'boolean',
} satisfies TypeSpec;
