import { createServer, connect, type AddressInfo } from 'node:net';
import { hostname, machine, release } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetricsCollector, type MetricsSnapshot } from '../../../src/system/metrics/collector.js';
import { VIRTUAL_FS_TYPES } from '../../../src/system/metrics/mounts.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const oneDecimal = (value: number) => Number.isFinite(value) && Math.round(value * 10) / 10 === value;
const isPercent = (value: number) => oneDecimal(value) && value >= 0 && value <= 100;
const isCount = (value: number) => Number.isInteger(value) && value >= 0;

/** Sends `bytes` through a TCP connection on 127.0.0.1 (loopback only). */
async function loopbackTraffic(bytes: number): Promise<void> {
  const server = createServer((socket) => socket.resume());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => {
    const client = connect(port, '127.0.0.1', () => client.end(Buffer.alloc(bytes)));
    client.on('close', () => resolve());
    client.on('error', reject);
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end) Math.sqrt(Math.random());
}

describe('MetricsCollector on this machine', () => {
  const collector = new MetricsCollector();
  let first: MetricsSnapshot;
  let second: MetricsSnapshot;

  beforeAll(async () => {
    first = await collector.sample();
    await loopbackTraffic(4 * 1024 * 1024);
    busyFor(300);
    second = await collector.sample();
  });

  afterAll(() => collector.close());

  it('gives well-formed flat keys', () => {
    for (const s of [first, second]) {
      expect(s.timestamp).toMatch(TIMESTAMP);
      for (const pct of [s.cpu_usage, s.memory_usage, s.disk_usage]) expect(isPercent(pct)).toBe(true);
      expect(isCount(s.cpu_cores) && s.cpu_cores >= 1).toBe(true);
      expect(s.cpu_cores).toBeLessThanOrEqual(s.extended.cpu.logical_cores);
      expect(oneDecimal(s.cpu_speed) && s.cpu_speed >= 0).toBe(true);
      expect(s.memory_total).toBeGreaterThan(0);
      expect(s.memory_used).toBeLessThanOrEqual(s.memory_total);
      expect(s.disk_total).toBeGreaterThan(0);
      expect(s.disk_used).toBeLessThanOrEqual(s.disk_total);
      expect(isCount(s.network_rx) && isCount(s.network_tx)).toBe(true);
      expect(s.uptime.duration).toMatch(/^\d+d \d{1,2}h \d{1,2}m$/);
      expect(s.server_info).toEqual({
        hostname: hostname(),
        private_ip: expect.stringMatching(/^(\d{1,3}\.){3}\d{1,3}$|^Unknown$/) as string,
        public_ip: 'Unknown',
        os: `Linux ${release()}`,
        architecture: machine(),
        kernel: release(),
      });
    }
  });

  it('measures the CPU time spent between two calls', () => {
    // One core was kept busy for the whole interval but for the loopback transfer.
    const { logical_cores: cores, usage_breakdown_percent: parts, per_core_usage_percent: perCore } = second.extended.cpu;
    expect(second.cpu_usage).toBeGreaterThanOrEqual((100 / cores) * 0.5);
    const sum = parts.user + parts.system + parts.iowait + parts.irq + parts.steal + parts.idle;
    expect(Math.abs(sum - 100)).toBeLessThan(1);
    expect(perCore.length).toBeGreaterThanOrEqual(cores);
    expect(perCore.every(isPercent)).toBe(true);
    expect(isCount(second.extended.cpu.context_switches_per_sec)).toBe(true);
  });

  it('sees loopback traffic on lo and keeps it out of the totals', () => {
    const lo = second.extended.network.interfaces.find((i) => i.name === 'lo');
    const loBefore = first.extended.network.interfaces.find((i) => i.name === 'lo');
    expect(lo?.is_up).toBe(true);
    expect((lo?.rx_bytes_total ?? 0) - (loBefore?.rx_bytes_total ?? 0)).toBeGreaterThanOrEqual(4 * 1024 * 1024);
    expect(lo?.rx_bytes_per_sec).toBeGreaterThan(0);
    const others = second.extended.network.interfaces.filter((i) => i.name !== 'lo');
    expect(second.network_rx).toBe(others.reduce((sum, i) => sum + i.rx_bytes_per_sec, 0));
    const names = second.extended.network.interfaces.map((i) => i.name);
    expect(names).toEqual([...names].sort());
  });

  it('lists real filesystems, sorted, with consistent sizes', () => {
    const list = second.extended.filesystems;
    expect(list.map((fs) => fs.mount_point)).toEqual(list.map((fs) => fs.mount_point).sort());
    for (const fs of list) {
      expect(VIRTUAL_FS_TYPES.has(fs.fs_type)).toBe(false);
      expect(fs.total_bytes).toBeGreaterThan(0);
      expect(fs.used_bytes).toBeLessThanOrEqual(fs.total_bytes);
      expect(isPercent(fs.usage_percent)).toBe(true);
      if (fs.inodes_total !== null) expect(isPercent(fs.inodes_usage_percent ?? -1)).toBe(true);
    }
    expect(new Set(list.map((fs) => fs.device)).size).toBe(list.length);
  });

  it('gives well-formed extended groups', () => {
    const { memory, swap, disk_io, processes, temperatures, host } = second.extended;
    expect(memory.used_bytes + memory.available_bytes).toBe(memory.total_bytes);
    expect(isPercent(swap.usage_percent)).toBe(true);
    for (const device of disk_io.devices) {
      expect(device.name).not.toMatch(/^(loop|ram|zram|sr|fd)/);
      expect(isPercent(device.busy_percent)).toBe(true);
    }
    expect(processes.total).toBeGreaterThan(1);
    expect(processes.threads).toBeGreaterThanOrEqual(processes.running);
    for (const t of temperatures) expect(oneDecimal(t.current_celsius)).toBe(true);
    expect(host.boot_time).toMatch(TIMESTAMP);
    expect(Date.parse(host.boot_time)).toBeLessThan(Date.now());
    expect(isCount(host.uptime_seconds) && host.uptime_seconds > 0).toBe(true);
  });

  it('shares one reading between concurrent calls', async () => {
    const [a, b] = await Promise.all([collector.sample(), collector.sample()]);
    expect(a).toBe(b);
    const c = await collector.sample();
    expect(c).not.toBe(a);
  });
});
