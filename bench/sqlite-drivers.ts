/**
 * Issue 21: the SQLite driver on the hot paths — `better-sqlite3` against Node's built-in `node:sqlite`, each in its
 * own process with the real app in-process on a fresh data directory. Measured: CPU per authenticated
 * `GET /api/users/me/`, per `GET /api/notifications/` (a full page of 50), and per metrics history write (the
 * repository's insert of one sample). Requests go through Fastify's `inject` (the same cost for both drivers), so
 * the difference per request is the driver's.
 * Run: node --import tsx bench/sqlite-drivers.ts   (BENCH_REQUESTS, default 4000 per path)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
type Figures = Record<string, number>;

async function measureInProcess(): Promise<void> {
  const { buildApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config/config.js');
  const { openDatabase } = await import('../src/db/database.js');
  const { HistoryRepository } = await import('../src/modules/metrics/history.repository.js');
  const { nodeSqlite } = await import('./lib/node-sqlite.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-sqlite-'));
  const config = loadConfig({
    EVERYST_DATA_DIR: dataDir, LOG_LEVEL: 'silent', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_RESOLVE_NAMES: 'false',
  }, { dotenv: false });
  const database = openDatabase(config.database, process.env.BENCH_SQLITE_DRIVER === 'node' ? { sqlite: nodeSqlite } : {});
  const app = await buildApp(config, { database });
  try {
    const http = app.http;
    const registered = await http.inject({
      method: 'POST', url: '/api/auth/register/',
      payload: { username: 'bench', email: 'bench@example.org', password: 'Quartz-Lantern-Harbor-97', password_confirm: 'Quartz-Lantern-Harbor-97' },
    });
    const { access } = registered.json() as { access: string };
    if (!access) throw new Error(`register answered ${registered.statusCode}: ${registered.body}`);
    const headers = { authorization: `Bearer ${access}` };
    for (let i = 0; i < 50; i++) {
      const res = await http.inject({
        method: 'POST', url: '/api/notifications/', headers,
        payload: { title: `Bench notification ${i}`, message: `Disk usage on host-${i} passed 90 %`, type: 'info', source: 'bench' },
      });
      if (res.statusCode !== 201) throw new Error(`POST notifications/ answered ${res.statusCode}`);
    }
    const perCall = async (fn: (i: number) => Promise<unknown>): Promise<number> => {
      for (let i = 0; i < REQUESTS / 4; i++) await fn(i);
      const start = process.cpuUsage();
      for (let i = 0; i < REQUESTS; i++) await fn(i);
      const used = process.cpuUsage(start);
      return (used.user + used.system) / REQUESTS;
    };
    const get = (url: string) => async () => {
      const res = await http.inject({ method: 'GET', url, headers });
      if (res.statusCode !== 200) throw new Error(`${url} answered ${res.statusCode}`);
    };
    const history = new HistoryRepository(app.ctx.db);
    const base = Date.parse('2026-01-01T00:00:00Z');
    const sample = (i: number) => ({
      host: 'bench', resolution: 'minute', timestamp: new Date(base + i * 60_000).toISOString(),
      cpu_usage: 12.5, memory_usage: 40.1, disk_usage: 55, swap_usage: 0, network_rx: 1000, network_tx: 2000, load_1: 0.5,
      process_count: 120, cpu_temperature: null, memory_used_bytes: 4e9, disk_read_bytes_per_sec: 0, disk_write_bytes_per_sec: 0,
      sample_count: 1, created_at: new Date().toISOString(),
    });
    const figures: Figures = {
      'users/me': await perCall(get('/api/users/me/')),
      notifications: await perCall(get('/api/notifications/')),
      'history write': await perCall((i) => history.insert(sample(i))),
    };
    process.stdout.write(`FIGURES ${JSON.stringify(figures)}\n`);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function runDriver(driver: 'better' | 'node'): Figures {
  const res = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename], {
    env: { ...process.env, BENCH_SQLITE_DRIVER: driver, BENCH_SQLITE_CHILD: '1' }, encoding: 'utf8', timeout: 5 * 60_000,
  });
  const line = res.stdout.split('\n').find((l) => l.startsWith('FIGURES '));
  if (!line) throw new Error(`the ${driver} run printed no figures: ${res.stderr}`);
  return JSON.parse(line.slice('FIGURES '.length)) as Figures;
}

if (process.env.BENCH_SQLITE_CHILD) {
  await measureInProcess();
} else {
  // Alternate the two drivers twice; report each one's better run (the machine's noise only adds time).
  const runs = { better: [] as Figures[], node: [] as Figures[] };
  for (let round = 0; round < 2; round++) {
    runs.better.push(runDriver('better'));
    runs.node.push(runDriver('node'));
  }
  const best = (list: Figures[], key: string) => Math.min(...list.map((f) => f[key] ?? Infinity));
  console.log(`sqlite-drivers: CPU µs per call, ${REQUESTS} calls per path, best of 2 runs each, Node ${process.version}`);
  for (const key of Object.keys(runs.better[0] ?? {})) {
    const b = best(runs.better, key);
    const n = best(runs.node, key);
    console.log(`  ${key.padEnd(14)} better-sqlite3 ${b.toFixed(1).padStart(7)}   node:sqlite ${n.toFixed(1).padStart(7)}   node/better ${(n / b).toFixed(2)}`);
  }
}
