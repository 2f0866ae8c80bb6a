/** The metrics object of metrics.md §2–§3: flat keys (group `core`) plus `extended`. */

export const METRICS_GROUPS = [
  'cpu',
  'memory',
  'swap',
  'filesystems',
  'disk_io',
  'network',
  'processes',
  'temperatures',
  'host',
] as const;
export type MetricsGroup = (typeof METRICS_GROUPS)[number];

export type Status = 'success' | 'warning' | 'error';

export interface CpuMetrics {
  model: string | null;
  logical_cores: number;
  physical_cores: number;
  per_core_usage_percent: number[];
  usage_breakdown_percent: { user: number; system: number; iowait: number; irq: number; steal: number; idle: number };
  frequency_mhz: number | null;
  max_frequency_mhz: number | null;
  load_average: { '1m': number; '5m': number; '15m': number };
  context_switches_per_sec: number;
  interrupts_per_sec: number;
}

export interface MemoryMetrics {
  total_bytes: number;
  used_bytes: number;
  available_bytes: number;
  free_bytes: number;
  buffers_bytes: number;
  cached_bytes: number;
  shared_bytes: number;
  usage_percent: number;
}

export interface SwapMetrics {
  total_bytes: number;
  used_bytes: number;
  free_bytes: number;
  usage_percent: number;
  swap_in_bytes_per_sec: number;
  swap_out_bytes_per_sec: number;
}

export interface FilesystemMetrics {
  mount_point: string;
  device: string;
  fs_type: string;
  total_bytes: number;
  used_bytes: number;
  available_bytes: number;
  usage_percent: number;
  inodes_total: number | null;
  inodes_used: number | null;
  inodes_usage_percent: number | null;
  read_only: boolean;
}

export interface DiskIoRates {
  read_bytes_per_sec: number;
  write_bytes_per_sec: number;
  reads_per_sec: number;
  writes_per_sec: number;
}
export interface DiskIoDevice extends DiskIoRates {
  name: string;
  busy_percent: number;
}
export interface DiskIoMetrics extends DiskIoRates {
  devices: DiskIoDevice[];
}

export interface NetworkInterfaceMetrics {
  name: string;
  is_up: boolean;
  mac: string | null;
  mtu: number;
  speed_mbps: number | null;
  addresses: string[];
  rx_bytes_per_sec: number;
  tx_bytes_per_sec: number;
  rx_packets_per_sec: number;
  tx_packets_per_sec: number;
  rx_bytes_total: number;
  tx_bytes_total: number;
  rx_errors: number;
  tx_errors: number;
  rx_dropped: number;
  tx_dropped: number;
}
export interface NetworkMetrics {
  rx_bytes_per_sec: number;
  tx_bytes_per_sec: number;
  interfaces: NetworkInterfaceMetrics[];
}

export interface ProcessMetrics {
  total: number;
  running: number;
  blocked: number;
  threads: number;
}

export interface TemperatureReading {
  sensor: string;
  label: string;
  current_celsius: number;
  high_celsius: number | null;
  critical_celsius: number | null;
}

export interface HostMetrics {
  hostname: string;
  os_name: string;
  os_release: string;
  os_pretty_name: string | null;
  architecture: string;
  boot_time: string;
  uptime_seconds: number;
  everyst_version: string;
}

export interface ExtendedMetrics {
  cpu: CpuMetrics;
  memory: MemoryMetrics;
  swap: SwapMetrics;
  filesystems: FilesystemMetrics[];
  disk_io: DiskIoMetrics;
  network: NetworkMetrics;
  processes: ProcessMetrics;
  temperatures: TemperatureReading[];
  host: HostMetrics;
}

export interface ServerInfo {
  hostname: string;
  private_ip: string;
  public_ip: string;
  os: string;
  architecture: string;
  kernel: string;
}

export interface MetricsSnapshot {
  timestamp: string;
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
  /** `percentage` comes from the history store; the collector sets 100 (no history known to it). */
  uptime: { percentage: number; duration: string };
  server_info: ServerInfo;
  /** `security`, `threats`, `alerts` come from the database; the collector fills the "nothing known" values. */
  security: { status: Status; lastScan: string | null };
  threats: { type: 'Login lockout'; time: string; status: 'error' }[];
  alerts: { title: string; serverId: string; severity: 'error' | 'warning' }[];
  extended: ExtendedMetrics;
}

/** The metrics object restricted to some groups (realtime.md §5: `core` is always present). */
export type PartialMetricsSnapshot = Omit<MetricsSnapshot, 'extended'> & { extended: Partial<ExtendedMetrics> };

export function pickGroups(snapshot: MetricsSnapshot, groups: readonly MetricsGroup[]): PartialMetricsSnapshot {
  const extended: Partial<ExtendedMetrics> = {};
  for (const group of groups) (extended as Record<string, unknown>)[group] = snapshot.extended[group];
  return { ...snapshot, extended };
}
