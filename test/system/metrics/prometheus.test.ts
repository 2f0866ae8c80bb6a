import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsCollector, type MetricsSnapshot } from '../../../src/system/metrics/collector.js';
import { renderPrometheus } from '../../../src/system/metrics/prometheus.js';
import { ARM_ADDRESSES, FixtureHost, statfsResult } from './fixture-host.js';

const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\\n]|\\[\\"n])*",?)*\})? (-?[0-9.e+]+|NaN|[+-]Inf)$/;

describe('renderPrometheus', () => {
  let host: FixtureHost;
  let collector: MetricsCollector;
  let snapshot: MetricsSnapshot;

  beforeAll(async () => {
    host = new FixtureHost('arm-board');
    collector = new MetricsCollector({
      procRoot: host.procRoot,
      sysRoot: host.sysRoot,
      version: '2.3.4',
      osReleasePaths: [join(host.root, 'none')],
      networkInterfaces: () => ARM_ADDRESSES,
      statfs: async (path) =>
        path === '/' ? statfsResult(4096, 7500000, 5000000, 4600000, 1900000, 1500000) : statfsResult(512, 1048576, 786432, 786432, 0, 0),
      initialIntervalMs: 0,
      monotonicNow: () => host.monotonicMs,
    });
    snapshot = await collector.sample();
  });

  afterAll(async () => {
    await collector.close();
    host.remove();
  });

  it('renders the host metrics and build info with their labels', () => {
    const text = renderPrometheus(snapshot);
    const lines = text.split('\n');
    expect(text.endsWith('\n')).toBe(true);
    expect(lines).toEqual(expect.arrayContaining([
      '# TYPE everyst_cpu_usage_percent gauge',
      'everyst_cpu_usage_percent 0',
      'everyst_cpu_core_usage_percent{core="3"} 0',
      'everyst_load_average{period="1m"} 0.08',
      'everyst_load_average{period="15m"} 0.01',
      `everyst_memory_total_bytes ${3884376 * 1024}`,
      `everyst_memory_used_bytes ${(3884376 - 3012345) * 1024}`,
      'everyst_swap_used_bytes 0',
      `everyst_filesystem_size_bytes{mount_point="/",fs_type="ext4"} ${7500000 * 4096}`,
      `everyst_filesystem_used_bytes{mount_point="/boot/firmware",fs_type="vfat"} ${262144 * 512}`,
      '# TYPE everyst_network_receive_bytes_total counter',
      'everyst_network_receive_bytes_total{interface="wlan0"} 777',
      'everyst_network_transmit_bytes_total{interface="lo"} 1000',
      'everyst_temperature_celsius{sensor="cpu-thermal",label="thermal_zone0"} 48.3',
      'everyst_socket_connections 0',
      '# TYPE everyst_http_request_duration_seconds histogram',
      'everyst_build_info{version="2.3.4"} 1',
    ]));
    for (const line of lines.filter((l) => l !== '' && !l.startsWith('#'))) expect(line).toMatch(SAMPLE_LINE);
  });

  it('declares every family once, HELP and TYPE before its samples', () => {
    const text = renderPrometheus(snapshot);
    const typed = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => m[1]);
    expect(new Set(typed).size).toBe(typed.length);
    for (const name of [
      'everyst_cpu_usage_percent', 'everyst_cpu_core_usage_percent', 'everyst_load_average', 'everyst_memory_total_bytes',
      'everyst_memory_used_bytes', 'everyst_swap_used_bytes', 'everyst_filesystem_size_bytes', 'everyst_filesystem_used_bytes',
      'everyst_network_receive_bytes_total', 'everyst_network_transmit_bytes_total', 'everyst_temperature_celsius',
      'everyst_devices', 'everyst_alerts_open', 'everyst_socket_connections', 'everyst_http_requests_total',
      'everyst_http_request_duration_seconds', 'everyst_build_info',
    ]) {
      expect(typed).toContain(name);
    }
    let current = '';
    for (const line of text.split('\n').filter(Boolean)) {
      const type = /^# TYPE (\S+)/.exec(line);
      if (type) current = type[1];
      else if (!line.startsWith('#')) expect(line.startsWith(current)).toBe(true);
    }
  });

  it('renders the values supplied by the server and escapes label values', () => {
    const odd: MetricsSnapshot = {
      ...snapshot,
      extended: {
        ...snapshot.extended,
        filesystems: [{ ...snapshot.extended.filesystems[0], mount_point: '/mnt/a "b"\\c\nd' }],
      },
    };
    const text = renderPrometheus(odd, {
      devices: { online: 12, offline: 3 },
      alertsOpen: { critical: 1, high: 2 },
      socketConnections: 4,
      httpRequests: [{ method: 'GET', route: '/api/devices/', status: 200, count: 57 }],
      httpDurations: { buckets: [0.05, 0.5], cumulativeCounts: [40, 56], sum: 3.25, count: 57 },
    });
    const lines = text.split('\n');
    expect(lines).toEqual(expect.arrayContaining([
      'everyst_filesystem_size_bytes{mount_point="/mnt/a \\"b\\"\\\\c\\nd",fs_type="ext4"} 30720000000',
      'everyst_devices{status="offline"} 3',
      'everyst_devices{status="online"} 12',
      'everyst_alerts_open{severity="critical"} 1',
      'everyst_socket_connections 4',
      'everyst_http_requests_total{method="GET",route="/api/devices/",status="200"} 57',
    ]));
    const histogram = lines.filter((l) => l.startsWith('everyst_http_request_duration_seconds'));
    expect(histogram).toEqual([
      'everyst_http_request_duration_seconds_bucket{le="0.05"} 40',
      'everyst_http_request_duration_seconds_bucket{le="0.5"} 56',
      'everyst_http_request_duration_seconds_bucket{le="+Inf"} 57',
      'everyst_http_request_duration_seconds_sum 3.25',
      'everyst_http_request_duration_seconds_count 57',
    ]);
    for (const line of lines.filter((l) => l !== '' && !l.startsWith('#'))) expect(line).toMatch(SAMPLE_LINE);
  });
});
