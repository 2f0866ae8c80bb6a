import { readFileSync } from 'node:fs';
import { hostname, machine } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsCollector, type MetricsSnapshot } from '../../../src/system/metrics/collector.js';
import { ARM_ADDRESSES, FixtureHost, statfsResult } from './fixture-host.js';

/**
 * A recorded Raspberry Pi: no cpuinfo topology or MHz, no current frequency (only the maximum), a CPU
 * offline, no swap, no vmstat, /proc/self/mounts only, no default route, thermal zones but no hwmon.
 * One sample with no time between its readings.
 */
describe('MetricsCollector on a recorded ARM board', () => {
  let host: FixtureHost;
  let collector: MetricsCollector;
  let sample: MetricsSnapshot;

  beforeAll(async () => {
    host = new FixtureHost('arm-board');
    collector = new MetricsCollector({
      procRoot: host.procRoot,
      sysRoot: host.sysRoot,
      osReleasePaths: [join(host.root, 'no-such-os-release')],
      networkInterfaces: () => ARM_ADDRESSES,
      statfs: async (path) => {
        if (path === '/') return statfsResult(4096, 7500000, 5000000, 4600000, 1900000, 1500000);
        if (path === '/boot/firmware') return statfsResult(512, 1048576, 786432, 786432, 0, 0);
        throw new Error(`unexpected statfs of ${path}`);
      },
      initialIntervalMs: 0,
      now: () => host.wallMs,
      monotonicNow: () => host.monotonicMs,
    });
    sample = await collector.sample();
  });

  afterAll(async () => {
    await collector.close();
    host.remove();
  });

  it('falls back to logical CPUs and the maximum frequency', () => {
    expect(sample.cpu_cores).toBe(3);
    expect(sample.cpu_speed).toBe(1.8);
    expect(sample.cpu_usage).toBe(0);
    expect(sample.extended.cpu).toMatchObject({
      model: null,
      logical_cores: 3,
      physical_cores: 3,
      per_core_usage_percent: [0, 0, 0, 0],
      frequency_mhz: null,
      max_frequency_mhz: 1800,
      load_average: { '1m': 0.08, '5m': 0.03, '15m': 0.01 },
    });
  });

  it('reports memory, and swap as 0 % when there is none', () => {
    expect([sample.memory_usage, sample.memory_total, sample.memory_used]).toEqual([22.4, 3.7, 0.8]);
    expect(sample.extended.swap).toEqual({
      total_bytes: 0, used_bytes: 0, free_bytes: 0, usage_percent: 0, swap_in_bytes_per_sec: 0, swap_out_bytes_per_sec: 0,
    });
  });

  it('reads filesystems from /proc/self/mounts', () => {
    expect(sample.extended.filesystems.map((fs) => [fs.mount_point, fs.device, fs.fs_type, fs.usage_percent, fs.read_only])).toEqual([
      ['/', '/dev/mmcblk0p2', 'ext4', 35.2, false],
      ['/boot/firmware', '/dev/mmcblk0p1', 'vfat', 25, true],
    ]);
    expect([sample.disk_usage, sample.disk_total, sample.disk_used]).toEqual([35.2, 28.6, 9.5]);
  });

  it('uses the first non-loopback IPv4 address without a default route, and operstate without flags', () => {
    expect(sample.server_info.private_ip).toBe('10.0.0.5');
    expect(sample.server_info.public_ip).toBe('Unknown');
    expect(sample.extended.disk_io.devices.map((d) => d.name)).toEqual(['mmcblk0']);
    expect(sample.extended.network.interfaces).toEqual([
      { name: 'lo', is_up: true, mac: null, mtu: 65536, speed_mbps: null, addresses: ['127.0.0.1/8'], rx_bytes_per_sec: 0, tx_bytes_per_sec: 0, rx_packets_per_sec: 0, tx_packets_per_sec: 0, rx_bytes_total: 1000, tx_bytes_total: 1000, rx_errors: 0, tx_errors: 0, rx_dropped: 0, tx_dropped: 0 },
      { name: 'wlan0', is_up: true, mac: 'dc:a6:32:00:11:22', mtu: 1500, speed_mbps: null, addresses: ['10.0.0.5/24', 'fe80::dea6:32ff:fe00:1122/64'], rx_bytes_per_sec: 0, tx_bytes_per_sec: 0, rx_packets_per_sec: 0, tx_packets_per_sec: 0, rx_bytes_total: 777, tx_bytes_total: 888, rx_errors: 1, tx_errors: 3, rx_dropped: 2, tx_dropped: 4 },
    ]);
  });

  it('reads thermal zones when no hwmon sensor exists', () => {
    expect(sample.extended.temperatures).toEqual([
      { sensor: 'cpu-thermal', label: 'thermal_zone0', current_celsius: 48.3, high_celsius: 85, critical_celsius: 110 },
      { sensor: 'gpu-thermal', label: 'thermal_zone1', current_celsius: 47, high_celsius: null, critical_celsius: null },
    ]);
  });

  it('describes the host with defaults for what the fixture lacks', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(sample.uptime.duration).toBe('0d 0h 0m');
    expect(sample.extended.processes).toEqual({ total: 1, running: 1, blocked: 0, threads: 201 });
    expect(sample.extended.host).toEqual({
      hostname: hostname(),
      os_name: 'Linux',
      os_release: '6.1.0-rpi7-rpi-v8',
      os_pretty_name: null,
      architecture: machine(),
      boot_time: '2024-03-09T16:00:00.000+00:00',
      uptime_seconds: 59,
      everyst_version: pkg.version,
    });
  });
});
