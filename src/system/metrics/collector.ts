import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { CpuInfoReader } from './cpu-info.js';
import { cpuUsagePercent, parseLoadAvg, parseStat, perCoreUsage, statRates, usageBreakdown, type StatCounters } from './cpu.js';
import { diskIoMetrics, readDiskCounters, type DiskCounters } from './disk-io.js';
import { FilesystemReader, type StatFsFunction } from './filesystems.js';
import { countProcesses, parseUptime, readStaticHostInfo, type StaticHostInfo } from './host-info.js';
import { memoryMetrics, parseMeminfo, parseVmstat, swapMetrics, type SwapCounters } from './memory.js';
import { networkMetrics, type InterfaceAddresses, type InterfaceCounters } from './network.js';
import { NetworkReader } from './network-reader.js';
import { OpenFiles } from './open-files.js';
import { listDir, type TextReader } from './read-file.js';
import { Expiring } from './expiring.js';
import type { FilesystemMetrics, MetricsSnapshot } from './snapshot.js';
import { TemperatureReader } from './temperatures.js';
import { bytesToGB, formatUptime, isoTimestamp, round1 } from './units.js';

export type { MetricsSnapshot } from './snapshot.js';

const PROCESS_COUNT_TTL_MS = 5_000;
const BLOCK_DEVICES_TTL_MS = 30_000;

export interface CollectorOptions {
  procRoot?: string;
  sysRoot?: string;
  /** The PUBLIC_IP setting; `server_info.public_ip` is "Unknown" when unset. Never looked up. */
  publicIp?: string | null;
  hostname?: () => string;
  /** `extended.host.everyst_version`; default: the version of the nearest package.json. */
  version?: string;
  /** Where PRETTY_NAME is read from; the first existing file wins. */
  osReleasePaths?: string[];
  /** Interface addresses (default `os.networkInterfaces`); tests pass recorded ones. */
  networkInterfaces?: () => InterfaceAddresses;
  /** Default `fs.promises.statfs`; tests pass recorded results. */
  statfs?: StatFsFunction;
  statfsTimeoutMs?: number;
  /** First call only: the gap between the two counter readings its rates come from. Default 200 ms. */
  initialIntervalMs?: number;
  /** Wall clock (epoch ms) for `timestamp`. */
  now?: () => number;
  /** Monotonic clock (ms) for rate intervals and cache lifetimes. */
  monotonicNow?: () => number;
}

interface Counters {
  at: number;
  stat: StatCounters;
  swap: SwapCounters;
  disks: Map<string, DiskCounters>;
  network: Map<string, InterfaceCounters>;
}

/**
 * Reads host metrics from /proc, /sys and statfs (no child processes, no blocking calls).
 * Rates and CPU percentages cover the time since the previous call. The first call has no previous
 * reading, so it takes one, waits `initialIntervalMs` and reads again: its rates describe that short
 * window (current activity), not the since-boot average. Concurrent calls share one reading.
 */
export class MetricsCollector {
  private readonly files = new OpenFiles();
  private readonly read: TextReader = (path) => this.files.read(path).catch(() => null);
  private readonly procRoot: string;
  private readonly sysRoot: string;
  private readonly now: () => number;
  private readonly monotonicNow: () => number;
  private readonly cpuInfo: CpuInfoReader;
  private readonly filesystems: FilesystemReader;
  private readonly network: NetworkReader;
  private readonly temperatures: TemperatureReader;
  private staticInfo?: Promise<StaticHostInfo>;
  private previous?: Counters;
  private inflight?: Promise<MetricsSnapshot>;
  private lastRoot: FilesystemMetrics | null = null;
  /** Directory listings that change slowly, re-read every few seconds rather than on every sample. */
  private readonly processCount = new Expiring<Promise<number>>(PROCESS_COUNT_TTL_MS);
  private readonly blockDevices = new Expiring<Promise<string[]>>(BLOCK_DEVICES_TTL_MS);

  constructor(private readonly opts: CollectorOptions = {}) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.sysRoot = opts.sysRoot ?? '/sys';
    this.now = opts.now ?? Date.now;
    this.monotonicNow = opts.monotonicNow ?? (() => performance.now());
    this.cpuInfo = new CpuInfoReader(this.read, this.procRoot, this.sysRoot);
    this.filesystems = new FilesystemReader(this.read, this.procRoot, opts.statfs, opts.statfsTimeoutMs, this.monotonicNow);
    this.network = new NetworkReader(this.read, this.procRoot, this.sysRoot, this.monotonicNow, opts.networkInterfaces);
    this.temperatures = new TemperatureReader(this.sysRoot, this.monotonicNow);
  }

  sample(): Promise<MetricsSnapshot> {
    this.inflight ??= this.takeSample().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Closes the /proc files kept open between samples; later samples open files afresh. */
  close(): Promise<void> {
    return this.files.close();
  }

  /** A /proc file's text, '' when absent. */
  private proc(path: string): Promise<string> {
    return this.files.read(join(this.procRoot, path)).catch(() => '');
  }

  private async readCounters(): Promise<Counters> {
    const at = this.monotonicNow();
    const [stat, vmstat, disks, network] = await Promise.all([
      this.proc('stat'),
      this.proc('vmstat'),
      readDiskCounters(this.read, this.procRoot, this.blockDevices.get(this.monotonicNow(), () => listDir(join(this.sysRoot, 'block')))),
      this.network.counters(),
    ]);
    return { at, stat: parseStat(stat), swap: parseVmstat(vmstat), disks, network };
  }

  private async takeSample(): Promise<MetricsSnapshot> {
    this.staticInfo ??= readStaticHostInfo(
      this.procRoot,
      this.opts.osReleasePaths ?? ['/etc/os-release', '/usr/lib/os-release'],
      this.opts.version,
    );
    if (!this.previous) {
      this.previous = await this.readCounters();
      await delay(this.opts.initialIntervalMs ?? 200);
    }
    const timestamp = isoTimestamp(this.now());
    const addresses = this.network.addresses();
    const [current, meminfoText, loadavgText, uptimeText, fs, temperatures, processCount, currentMhz, cpu, host, privateIp] =
      await Promise.all([
        this.readCounters(),
        this.proc('meminfo'),
        this.proc('loadavg'),
        this.proc('uptime'),
        this.filesystems.read(),
        this.temperatures.read(),
        this.processCount.get(this.monotonicNow(), () => countProcesses(this.procRoot)),
        this.cpuInfo.currentMhz(),
        this.cpuInfo.info(),
        this.staticInfo,
        this.network.privateIp(addresses),
      ]);
    const previous = this.previous;
    this.previous = current;
    const elapsedMs = Math.max(0, current.at - previous.at);
    const seconds = elapsedMs / 1000;
    const interfaceAttributes = await this.network.attributesOf(current.network.keys());

    const meminfo = parseMeminfo(meminfoText);
    const memory = memoryMetrics(meminfo);
    const { loadAverage, threads } = parseLoadAvg(loadavgText);
    const uptimeSeconds = parseUptime(uptimeText);
    const network = networkMetrics(current.network, previous.network, seconds, interfaceAttributes, addresses);
    const rates = statRates(current.stat, previous.stat, seconds);
    const logicalCores = current.stat.onlineCpus || cpu.processors;
    const physicalCores = cpu.physicalCores ?? logicalCores;
    const hostname = (this.opts.hostname ?? osHostname)();
    if (fs.root) this.lastRoot = fs.root; // a root statfs that timed out keeps the last known values
    const root = this.lastRoot;

    return {
      timestamp,
      cpu_usage: cpuUsagePercent(current.stat.total, previous.stat.total),
      cpu_cores: physicalCores,
      cpu_speed: round1((currentMhz ?? cpu.maxMhz ?? 0) / 1000),
      memory_usage: memory.usage_percent,
      memory_total: bytesToGB(memory.total_bytes),
      memory_used: bytesToGB(memory.used_bytes),
      disk_usage: root?.usage_percent ?? 0,
      disk_total: bytesToGB(root?.total_bytes ?? 0),
      disk_used: bytesToGB(root?.used_bytes ?? 0),
      network_rx: network.rx_bytes_per_sec,
      network_tx: network.tx_bytes_per_sec,
      uptime: { percentage: 100, duration: formatUptime(uptimeSeconds) },
      server_info: {
        hostname,
        private_ip: privateIp,
        public_ip: this.opts.publicIp || 'Unknown',
        os: `${host.kernelName} ${host.kernelRelease}`,
        architecture: host.architecture,
        kernel: host.kernelRelease,
      },
      security: { status: 'success', lastScan: null },
      threats: [],
      alerts: [],
      extended: {
        cpu: {
          model: cpu.model,
          logical_cores: logicalCores,
          physical_cores: physicalCores,
          per_core_usage_percent: perCoreUsage(current.stat, previous.stat),
          usage_breakdown_percent: usageBreakdown(current.stat.total, previous.stat.total),
          frequency_mhz: currentMhz,
          max_frequency_mhz: cpu.maxMhz,
          load_average: loadAverage,
          context_switches_per_sec: rates.contextSwitchesPerSec,
          interrupts_per_sec: rates.interruptsPerSec,
        },
        memory,
        swap: swapMetrics(meminfo, current.swap, previous.swap, seconds, host.pageSize),
        filesystems: fs.filesystems,
        disk_io: diskIoMetrics(current.disks, previous.disks, elapsedMs),
        network,
        processes: {
          total: processCount,
          running: current.stat.procsRunning,
          blocked: current.stat.procsBlocked,
          threads,
        },
        temperatures,
        host: {
          hostname,
          os_name: host.kernelName,
          os_release: host.kernelRelease,
          os_pretty_name: host.prettyName,
          architecture: host.architecture,
          boot_time: isoTimestamp(current.stat.bootTimeSeconds * 1000),
          uptime_seconds: Math.floor(uptimeSeconds),
          everyst_version: host.version,
        },
      },
    };
  }
}
