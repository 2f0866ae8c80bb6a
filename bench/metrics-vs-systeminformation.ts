/**
 * Issue 4 (a): CPU time of one full host metrics sample (flat keys + every extended group) with Everyst's
 * MetricsCollector (target ≤ 1 ms), against `systeminformation` collecting the same set in the same run (target:
 * Everyst ≥ 20× cheaper). CPU = user + system time of this process plus that of the child processes it waited for
 * (systeminformation spawns `ps`, `df`, … ; Everyst spawns none). Both run in alternating rounds.
 * Only local calls of systeminformation are used: never inetLatency() or anything else that touches the network.
 * Run: node --import tsx bench/metrics-vs-systeminformation.ts   (BENCH_ROUNDS, default 5)
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import si from 'systeminformation';
import { appModule, codeSource } from './lib/built.js';
import { childrenCpuMs } from './lib/servers.js';

const { MetricsCollector } = await appModule<typeof import('../src/system/metrics/collector.js')>('system/metrics/collector');

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const EVERYST_PER_ROUND = 50;
const SI_PER_ROUND = 3;
const TARGET_MS = 1;
const TARGET_FACTOR = 20;

/**
 * si.osInfo() runs `hostname -f`, which resolves the host's own name: allowed only when /etc/hosts answers it,
 * so that no DNS query leaves the machine.
 */
function hostnameIsLocal(): boolean {
  const name = hostname();
  try {
    return readFileSync('/etc/hosts', 'utf8').split('\n')
      .some((line) => line.replace(/#.*/, '').trim().split(/\s+/).slice(1).includes(name));
  } catch {
    return false;
  }
}

const withOsInfo = hostnameIsLocal();

/** The set the collector reads: CPU load, memory, filesystems, network, disk I/O, processes, temperatures, host. */
function siSample(): Promise<unknown[]> {
  return Promise.all([
    si.currentLoad(), si.mem(), si.fsSize(), si.networkStats('*'), si.disksIO(), si.processes(),
    si.cpuTemperature(), si.cpu(), Promise.resolve(si.time()), ...(withOsInfo ? [si.osInfo()] : []),
  ]);
}

interface Cost { samples: number; selfMs: number; childMs: number; wallMs: number }

/** Each side pays for its own garbage only: what the other left is collected before a measured phase starts. */
const collectGarbage = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

async function measure(cost: Cost, samples: number, sample: () => Promise<unknown>): Promise<void> {
  collectGarbage();
  const cpu = process.cpuUsage();
  const children = childrenCpuMs();
  const wall = performance.now();
  for (let i = 0; i < samples; i++) await sample();
  const used = process.cpuUsage(cpu);
  cost.wallMs += performance.now() - wall;
  cost.selfMs += (used.user + used.system) / 1000;
  cost.childMs += childrenCpuMs() - children;
  cost.samples += samples;
}

async function run(): Promise<void> {
  const collector = new MetricsCollector({ initialIntervalMs: 100 });
  // Warm-up to the steady state of a server sampling every second: JIT, the collector's discovery caches,
  // systeminformation's first-call baselines.
  for (let i = 0; i < 100; i++) await collector.sample();
  for (let i = 0; i < 2; i++) await siSample();

  const everyst: Cost = { samples: 0, selfMs: 0, childMs: 0, wallMs: 0 };
  const other: Cost = { samples: 0, selfMs: 0, childMs: 0, wallMs: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    await measure(everyst, EVERYST_PER_ROUND, () => collector.sample());
    await measure(other, SI_PER_ROUND, siSample);
  }
  const last = await collector.sample();
  await collector.close();

  const per = (c: Cost) => ({ cpu: (c.selfMs + c.childMs) / c.samples, child: c.childMs / c.samples, wall: c.wallMs / c.samples });
  const e = per(everyst);
  const s = per(other);
  const factor = s.cpu / e.cpu;
  console.log(`metrics-vs-systeminformation: Everyst ${e.cpu.toFixed(3)} ms CPU/sample (child processes ${e.child.toFixed(1)} ms, wall ${e.wall.toFixed(2)} ms; ` +
    `${last.extended.filesystems.length} filesystems, ${last.extended.network.interfaces.length} interfaces, ${last.extended.disk_io.devices.length} disks) ` +
    `(target ≤ ${TARGET_MS} ms): ${e.cpu <= TARGET_MS ? 'ok' : 'MISSED'}`);
  console.log(`metrics-vs-systeminformation: systeminformation ${s.cpu.toFixed(1)} ms CPU/sample (child processes ${s.child.toFixed(1)} ms, wall ${s.wall.toFixed(0)} ms) ` +
    `→ Everyst ${factor.toFixed(0)}× cheaper (target ≥ ${TARGET_FACTOR}×): ${factor >= TARGET_FACTOR ? 'ok' : 'MISSED'}; ` +
    `${everyst.samples} + ${other.samples} samples in ${ROUNDS} alternating rounds, Everyst's code from ${codeSource}/${withOsInfo ? '' : '; si.osInfo() left out: the host name is not in /etc/hosts and `hostname -f` would ask DNS'}`);
}

await run();
