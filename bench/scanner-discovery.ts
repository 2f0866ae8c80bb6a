/**
 * Discovery benchmark (scanner.md §5.5): time from a scan's start to the end of its `discovery` phase, when every
 * live host of a namespace test network is known with its MAC. Builds 10.213.123.0/24 with HOSTS hosts out of
 * network namespaces (root only), scans nothing else (SCAN_ALLOWED_NETWORKS), removes everything at the end.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { loadConfig } from '../src/config/config.js';
import { openDatabase } from '../src/db/database.js';
import { createNetworkModule } from '../src/modules/network/network.module.js';
import { realScannerSystem, type ScannerSystem } from '../src/modules/network/scan-system.js';
import { EventBus } from '../src/realtime/bus.js';
import { createTestNetwork, netnsSkipReason } from '../test/helpers/netns.js';

const SUBNET = 123;
const HOSTS = Number(process.env.BENCH_SCAN_HOSTS ?? 24);
const RUNS = Number(process.env.BENCH_SCAN_RUNS ?? 5);

async function main(): Promise<void> {
  const skip = netnsSkipReason();
  if (skip) {
    console.log(`scanner-discovery: skipped (${skip})`);
    return;
  }
  const net = await createTestNetwork({
    subnet: SUBNET,
    hosts: Array.from({ length: HOSTS }, (_, i) => ({ octet: 10 + i, mac: `00:1b:21:bb:23:${(0x10 + i).toString(16).padStart(2, '0')}` })),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-scan-'));
  const config = loadConfig({
    EVERYST_DATA_DIR: dataDir, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789abcdef', LOG_LEVEL: 'silent',
    SCAN_ALLOWED_NETWORKS: net.cidr, SCAN_RESOLVE_NAMES: 'false',
  }, { dotenv: false });
  const database = openDatabase(config.database);
  try {
    await database.migrate();
    const real = realScannerSystem();
    let discoveredAt = 0;
    let found: { ip: string; mac: string | null }[] = [];
    const system: ScannerSystem = {
      ...real,
      async probeHosts(options) {
        const result = await real.probeHosts(options);
        discoveredAt = performance.now();
        found = result.hosts;
        return result;
      },
    };
    const network = createNetworkModule({
      db: database.db, dialect: database.dialect, bus: new EventBus(), logger: pino({ level: 'silent' }), scan: config.scan,
      dnsServers: config.dnsServers, instanceName: config.instanceName, redis: null, useWorkers: false, trustProxy: false,
      notices: null, system,
    }).service;
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      execFileSync('ip', ['neigh', 'flush', 'dev', net.serverInterface]);
      const started = performance.now();
      const { scan } = await network.scans.start(null, { ip_range: net.cidr, include_ports: false, timeout: 60 });
      for (let waited = 0; (await network.scans.find(scan.id)).status === 'in-progress'; waited += 50) {
        if (waited > 60_000) throw new Error('scan did not finish');
        await new Promise((r) => setTimeout(r, 50));
      }
      const withMac = found.filter((h) => h.mac && net.hosts.some((x) => x.ip === h.ip && x.mac === h.mac)).length;
      if (withMac !== HOSTS) throw new Error(`run ${run + 1}: ${withMac} of ${HOSTS} hosts found with their MAC`);
      times.push(discoveredAt - started);
    }
    await network.scans.queue.shutdown();
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    console.log(`scanner-discovery: ${HOSTS} hosts in a /24, ${RUNS} runs, start → discovery complete: ` +
      `median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms ` +
      `(privileged: ${real.privileged}, arp-scan: ${real.binaries['arp-scan'] ? 'yes' : 'no'}, fping: ${real.binaries.fping ? 'yes' : 'no'})`);
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    await net.destroy();
  }
}

await main();
