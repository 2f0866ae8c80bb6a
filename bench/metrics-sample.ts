/**
 * CPU time of one host metrics sample (user + system time of this process, process.cpuUsage).
 * Run: node --import tsx bench/metrics-sample.ts [samples]
 */
import { MetricsCollector } from '../src/system/metrics/collector.js';

async function main(): Promise<void> {
  const samples = Number(process.argv[2] ?? 200);
  const collector = new MetricsCollector({ initialIntervalMs: 100 });
  for (let i = 0; i < 10; i++) await collector.sample(); // warm-up: JIT, discovery caches

  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < samples; i++) await collector.sample();
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;

  const cpuMsPerSample = (cpu.user + cpu.system) / 1000 / samples;
  const last = await collector.sample();
  await collector.close();
  console.log(
    `metrics-sample: ${samples} samples, ${cpuMsPerSample.toFixed(3)} ms CPU/sample ` +
      `(user ${(cpu.user / 1000 / samples).toFixed(3)}, system ${(cpu.system / 1000 / samples).toFixed(3)}), ` +
      `${(wallMs / samples).toFixed(3)} ms wall/sample, ${last.extended.filesystems.length} filesystems, ` +
      `${last.extended.network.interfaces.length} interfaces`,
  );
}

await main();
