/**
 * The live stream at the default interval, read like the web client reads it: about one metrics_update per second,
 * and values in the units of metrics.md, each cross-checked against the kernel's own files read here, independently
 * of the collector.
 */
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner } from '../helpers/factories.js';
import { connectSocket, gaps, waitFor, type Received, type TestSocket } from './helpers.js';

const GB = 1024 ** 3;
const round1 = (v: number) => Math.round(v * 10) / 10;

/** /proc/meminfo in bytes, read here. */
function meminfo(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync('/proc/meminfo', 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB/.exec(line);
    if (m) out[m[1]] = Number(m[2]) * 1024;
  }
  return out;
}

describe('live metrics at the default interval, checked against /proc (metrics.md §2–§3)', () => {
  let t: TestApp;
  let socket: TestSocket;
  let updates: Received[];

  beforeAll(async () => {
    t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1' });
    const port = await t.app.listen();
    const owner = await registerOwner(t.app);
    socket = await connectSocket(port, owner.access);
    await waitFor(() => socket.of('metrics_update').length >= 5, 10_000, 'five metrics_update events');
    updates = socket.of('metrics_update');
  }, 20_000);

  afterAll(async () => {
    socket?.close();
    await t?.close();
  });

  it('arrives about once a second, each stamped with the time it was taken', () => {
    const between = gaps(updates.slice(1)).sort((a, b) => a - b);
    const median = between[Math.floor(between.length / 2)];
    expect(median).toBeGreaterThan(800);
    expect(median).toBeLessThan(1300);
    const stamps = updates.slice(1).map((u) => Date.parse(u.payload.timestamp));
    for (let i = 1; i < stamps.length; i++) expect(stamps[i] - stamps[i - 1]).toBeGreaterThan(700);
    expect(Math.abs(Date.now() - stamps[stamps.length - 1])).toBeLessThan(3000);
  });

  it('memory and swap: the kernel counters, in GB with one decimal and in bytes', () => {
    const m = updates[updates.length - 1].payload;
    const kernel = meminfo();
    expect(m.memory_total).toBe(round1(kernel.MemTotal / GB));
    expect(m.extended.memory.total_bytes).toBe(kernel.MemTotal);
    // Used memory moves between the reading and ours: within 5 % of the total.
    const used = kernel.MemTotal - kernel.MemAvailable;
    expect(Math.abs(m.extended.memory.used_bytes - used)).toBeLessThan(kernel.MemTotal * 0.05);
    expect(Math.abs(m.memory_used - used / GB)).toBeLessThan((kernel.MemTotal * 0.05) / GB + 0.1);
    expect(m.memory_usage).toBeCloseTo((m.extended.memory.used_bytes / kernel.MemTotal) * 100, 0);
    expect(m.extended.swap.total_bytes).toBe(kernel.SwapTotal ?? 0);
  });

  it('root filesystem, CPU count, load and processes as the kernel reports them', () => {
    const m = updates[updates.length - 1].payload;
    const root = statfsSync('/');
    expect(m.disk_total).toBe(round1((root.blocks * root.bsize) / GB));
    const rootFs = m.extended.filesystems.find((fs: { mount_point: string }) => fs.mount_point === '/');
    if (rootFs) expect(rootFs.total_bytes).toBe(root.blocks * root.bsize);

    const cpuLines = readFileSync('/proc/stat', 'utf8').split('\n').filter((l) => /^cpu\d+ /.test(l));
    expect(m.extended.cpu.logical_cores).toBe(cpuLines.length);
    expect(m.extended.cpu.per_core_usage_percent).toHaveLength(cpuLines.length);

    const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ').map(Number);
    expect(Math.abs(m.extended.cpu.load_average['1m'] - one)).toBeLessThan(1.5);

    const processes = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).length;
    expect(Math.abs(m.extended.processes.total - processes)).toBeLessThan(Math.max(20, processes * 0.2));

    const uptimeSeconds = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    const [, d, h, min] = /^(\d+)d (\d+)h (\d+)m$/.exec(m.uptime.duration)!.map(Number);
    expect(Math.abs(d * 86_400 + h * 3600 + min * 60 - uptimeSeconds)).toBeLessThan(120);
  });
});
