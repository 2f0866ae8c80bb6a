import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MetricsCollector, type MetricsSnapshot } from '../../../src/system/metrics/collector.js';
import type { StatFsLike } from '../../../src/system/metrics/filesystems.js';
import { FIXTURES, FixtureHost, X86_ADDRESSES, statfsResult } from './fixture-host.js';

/** statfs answers recorded on the x86 server; /mnt/nas (a hung NFS server) never answers. */
const X86_STATFS: Record<string, StatFsLike> = {
  '/': statfsResult(4096, 61035156, 30517578, 27465820, 15597568, 14000000),
  '/boot/efi': statfsResult(4096, 130812, 100000, 100000, 0, 0),
  '/home': statfsResult(4096, 244190646, 48838129, 36628597, 61054976, 60000000),
  '/mnt/backup': statfsResult(4096, 488378646, 244189323, 219770390, 122101760, 122000000),
  '/media/usb stick': statfsResult(32768, 1892000, 1000000, 1000000, 0, 0),
  '/mnt/empty': statfsResult(4096, 0, 0, 0, 0, 0),
};

describe('MetricsCollector on a recorded x86 server', () => {
  let host: FixtureHost;
  let collector: MetricsCollector;
  let statfsCalls: string[];
  let first: MetricsSnapshot;
  let second: MetricsSnapshot;

  beforeEach(async () => {
    host = new FixtureHost('x86-server/t0');
    statfsCalls = [];
    collector = new MetricsCollector({
      procRoot: host.procRoot,
      sysRoot: host.sysRoot,
      publicIp: '203.0.113.7',
      hostname: () => 'fixture-host',
      version: '9.9.9',
      osReleasePaths: [join(FIXTURES, 'x86-server/etc/os-release')],
      networkInterfaces: () => X86_ADDRESSES,
      statfs: (path) => {
        statfsCalls.push(path);
        const result = X86_STATFS[path];
        return result ? Promise.resolve(result) : new Promise<StatFsLike>(() => undefined);
      },
      statfsTimeoutMs: 100,
      initialIntervalMs: 0,
      now: () => host.wallMs,
      monotonicNow: () => host.monotonicMs,
    });
    first = await collector.sample();
    host.overlay('x86-server/t1');
    host.advance(2500);
    second = await collector.sample();
  });

  afterEach(async () => {
    await collector.close();
    host.remove();
  });

  it('gives zero rates on the first call when no time passed between its two readings', () => {
    expect(first.cpu_usage).toBe(0);
    expect(first.network_rx).toBe(0);
    expect(first.extended.cpu.usage_breakdown_percent.idle).toBe(100);
    expect(first.extended.disk_io.read_bytes_per_sec).toBe(0);
    expect(first.timestamp).toBe('2024-03-01T12:00:00.000+00:00');
  });

  it('computes the flat keys the dashboard reads', () => {
    const { extended, ...flat } = second;
    expect(extended).toBeDefined();
    expect(flat).toEqual({
      timestamp: '2024-03-01T12:00:02.500+00:00',
      cpu_usage: 35.8,
      cpu_cores: 2,
      cpu_speed: 2.1,
      memory_usage: 39.5,
      memory_total: 15.6,
      memory_used: 6.1,
      disk_usage: 52.6,
      disk_total: 232.8,
      disk_used: 116.4,
      network_rx: 1250400,
      network_tx: 50801,
      uptime: { percentage: 100, duration: '3d 4h 4m' },
      server_info: {
        hostname: 'fixture-host',
        private_ip: '192.168.50.23',
        public_ip: '203.0.113.7',
        os: 'Linux 6.5.0-27-generic',
        architecture: 'x86_64',
        kernel: '6.5.0-27-generic',
      },
      security: { status: 'success', lastScan: null },
      threats: [],
      alerts: [],
    });
  });

  it('computes CPU rates, frequencies, load and processes from counter deltas', () => {
    expect(second.extended.cpu).toEqual({
      model: 'Intel(R) Core(TM) i7-8550U CPU @ 1.80GHz',
      logical_cores: 4,
      physical_cores: 2,
      per_core_usage_percent: [36, 76.8, 0.8, 29.6],
      usage_breakdown_percent: { user: 26.4, system: 6.9, iowait: 3.8, irq: 1.4, steal: 1.1, idle: 60.4 },
      frequency_mhz: 2062.5,
      max_frequency_mhz: 4000,
      load_average: { '1m': 2.47, '5m': 1.98, '15m': 1.5 },
      context_switches_per_sec: 2173,
      interrupts_per_sec: 494,
    });
    expect(second.extended.processes).toEqual({ total: 4, running: 3, blocked: 1, threads: 789 });
  });

  it('reports memory and swap in bytes with swap rates in bytes per second', () => {
    expect(second.extended.memory).toEqual({
      total_bytes: 16318480 * 1024,
      used_bytes: (16318480 - 9876543) * 1024,
      available_bytes: 9876543 * 1024,
      free_bytes: 1234567 * 1024,
      buffers_bytes: 234567 * 1024,
      cached_bytes: (5432109 + 456789) * 1024,
      shared_bytes: 345678 * 1024,
      usage_percent: 39.5,
    });
    expect(second.extended.swap).toEqual({
      total_bytes: 8388604 * 1024,
      used_bytes: 1048576 * 1024,
      free_bytes: 7340028 * 1024,
      usage_percent: 12.5,
      swap_in_bytes_per_sec: 165478,
      swap_out_bytes_per_sec: 81920,
    });
  });

  it('lists real filesystems once each, ordered by mount point, skipping a hung statfs', () => {
    expect(second.extended.filesystems).toEqual([
      { mount_point: '/', device: '/dev/sda2', fs_type: 'ext4', total_bytes: 249999998976, used_bytes: 124999999488, available_bytes: 112499998720, usage_percent: 52.6, inodes_total: 15597568, inodes_used: 1597568, inodes_usage_percent: 10.2, read_only: false },
      { mount_point: '/boot/efi', device: '/dev/sda1', fs_type: 'vfat', total_bytes: 535805952, used_bytes: 126205952, available_bytes: 409600000, usage_percent: 23.6, inodes_total: null, inodes_used: null, inodes_usage_percent: null, read_only: false },
      { mount_point: '/home', device: '/dev/nvme0n1p2', fs_type: 'ext4', total_bytes: 1000204886016, used_bytes: 800163909632, available_bytes: 150030733312, usage_percent: 84.2, inodes_total: 61054976, inodes_used: 1054976, inodes_usage_percent: 1.7, read_only: false },
      { mount_point: '/media/usb stick', device: '/dev/sdc1', fs_type: 'vfat', total_bytes: 61997056000, used_bytes: 29229056000, available_bytes: 32768000000, usage_percent: 47.1, inodes_total: null, inodes_used: null, inodes_usage_percent: null, read_only: false },
      { mount_point: '/mnt/backup', device: '/dev/sdb1', fs_type: 'ext4', total_bytes: 2000398934016, used_bytes: 1000199467008, available_bytes: 900179517440, usage_percent: 52.6, inodes_total: 122101760, inodes_used: 101760, inodes_usage_percent: 0.1, read_only: true },
    ]);
    // Virtual types, overlay internals and the bind mount of /home's device are never statfs'd;
    // the hung /mnt/nas is called once and not again while that call is pending.
    expect([...new Set(statfsCalls)].sort()).toEqual(['/', '/boot/efi', '/home', '/media/usb stick', '/mnt/backup', '/mnt/empty', '/mnt/nas']);
    expect(statfsCalls.filter((path) => path === '/mnt/nas')).toHaveLength(1);
    expect(statfsCalls.filter((path) => path === '/')).toHaveLength(2);
  });

  it('computes disk IO of whole devices only', () => {
    expect(second.extended.disk_io).toEqual({
      read_bytes_per_sec: 4194304 + 52428800,
      write_bytes_per_sec: 1677926 + 13107200,
      reads_per_sec: 860,
      writes_per_sec: 521,
      devices: [
        { name: 'nvme0n1', read_bytes_per_sec: 52428800, write_bytes_per_sec: 13107200, reads_per_sec: 800, writes_per_sec: 400, busy_percent: 100 },
        { name: 'sda', read_bytes_per_sec: 4194304, write_bytes_per_sec: 1677926, reads_per_sec: 60, writes_per_sec: 121, busy_percent: 28 },
      ],
    });
  });

  it('reports every interface with rates, totals and attributes; totals leave out loopback', () => {
    const network = second.extended.network;
    expect(network.rx_bytes_per_sec).toBe(second.network_rx);
    expect(network.tx_bytes_per_sec).toBe(second.network_tx);
    expect(network.interfaces.map((i) => i.name)).toEqual(['docker0', 'eth0', 'lo', 'wlan0']);
    const [docker0, eth0, lo, wlan0] = network.interfaces;
    expect(eth0).toEqual({
      name: 'eth0', is_up: true, mac: '52:54:00:ab:cd:ef', mtu: 1500, speed_mbps: 1000,
      addresses: ['192.168.1.10/24', 'fe80::5054:ff:feab:cdef/64'],
      rx_bytes_per_sec: 1250000, tx_bytes_per_sec: 50000, rx_packets_per_sec: 1000, tx_packets_per_sec: 500,
      rx_bytes_total: 9876543210 + 3125000, tx_bytes_total: 1234567890 + 125000,
      rx_errors: 3, tx_errors: 1, rx_dropped: 12, tx_dropped: 5,
    });
    expect(lo).toMatchObject({ is_up: true, mac: null, mtu: 65536, speed_mbps: null, rx_bytes_per_sec: 100000, addresses: ['127.0.0.1/8', '::1/128'] });
    expect(wlan0).toMatchObject({ speed_mbps: null, rx_bytes_per_sec: 400, tx_bytes_per_sec: 801, rx_packets_per_sec: 1, tx_packets_per_sec: 2 });
    // docker0's counters went backwards (interface re-created): no negative rate.
    expect(docker0).toMatchObject({ is_up: false, rx_bytes_per_sec: 0, tx_bytes_per_sec: 0, rx_bytes_total: 100 });
  });

  it('reads hwmon temperatures in sensor order and ignores thermal zones when hwmon has some', () => {
    expect(second.extended.temperatures).toEqual([
      { sensor: 'acpitz', label: 'temp1', current_celsius: 27.8, high_celsius: null, critical_celsius: 119 },
      { sensor: 'coretemp', label: 'Package id 0', current_celsius: 54, high_celsius: 80, critical_celsius: 100 },
      { sensor: 'coretemp', label: 'Core 0', current_celsius: 51.5, high_celsius: 80, critical_celsius: 100 },
      { sensor: 'coretemp', label: 'Core 1', current_celsius: 52.1, high_celsius: 80, critical_celsius: null },
      { sensor: 'nvme', label: 'Composite', current_celsius: 38.9, high_celsius: 84.9, critical_celsius: 84.9 },
      { sensor: 'drivetemp', label: 'temp1', current_celsius: 35, high_celsius: null, critical_celsius: null },
    ]);
  });

  it('describes the host', () => {
    expect(second.extended.host).toEqual({
      hostname: 'fixture-host',
      os_name: 'Linux',
      os_release: '6.5.0-27-generic',
      os_pretty_name: 'Ubuntu 22.04.4 LTS',
      architecture: 'x86_64',
      boot_time: '2023-11-14T22:13:20.000+00:00',
      uptime_seconds: 273845,
      everyst_version: '9.9.9',
    });
  });
});
