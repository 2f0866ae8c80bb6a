/**
 * `GET /api/monitors/{id}/uptime/` over a year of heartbeats: 100 monitors checked every 60 s, synthetic, on SQLite
 * (target ≤ 20 ms). The history is loaded straight into the tables as checks would have left it: 7 days of raw
 * heartbeats, 30 days of per-minute, 400 days of per-hour and per-day aggregates. The route is timed in-process
 * (Fastify inject, no socket), 200 calls over random monitors after a warm-up.
 * Run: node --import tsx bench/monitor-uptime.ts
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';

const MONITORS = 100;
const CALLS = 200;
const TARGET_MS = 20;
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const HIST = Array.from({ length: 16 }, (_, i) => `h${i}`);

function load(file: string, ids: string[], now: number): number {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const monitor = db.prepare(`INSERT INTO monitors (id, name, name_normalized, type, target, port, interval_s, timeout_s, retries, retry_interval_s,
    resend_every, tls_expiry_days, tags, channels, active, status, last_message, created_at, updated_at)
    VALUES (?, ?, ?, 'tcp', '127.0.0.1', 9, 86400, 5, 0, 86400, 0, 0, '[]', '[]', 0, 'paused', '', ?, ?)`);
  const beat = db.prepare('INSERT INTO monitor_heartbeats (monitor_id, time, status, response_ms, message, important) VALUES (?, ?, ?, ?, \'\', 0)');
  const tier = (table: string) => db.prepare(`INSERT INTO ${table} (monitor_id, bucket, up, down, pending, maintenance, rt_sum, rt_count, rt_max, ${HIST.join(', ')})
    VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ${HIST.map(() => '?').join(', ')})`);
  const [minutes, hours, days] = [tier('monitor_minutes'), tier('monitor_hours'), tier('monitor_days')];
  const hist = (n: number) => HIST.map((_, i) => (i === 5 ? n : 0)); // every response 20–50 ms
  let rows = 0;
  db.transaction(() => {
    const created = new Date(now - 366 * DAY).toISOString();
    for (const [i, id] of ids.entries()) monitor.run(id, `m-${i}`, `m-${i}`, created, created);
  })();
  for (const id of ids) {
    db.transaction(() => {
      for (let t = now - 7 * DAY; t < now; t += MIN, rows++) beat.run(id, new Date(t).toISOString(), t % (97 * MIN) === 0 ? 'down' : 'up', 30);
      for (let t = Math.floor((now - 30 * DAY) / MIN) * MIN; t < now; t += MIN, rows++) minutes.run(id, new Date(t).toISOString(), 1, 0, 30, 1, 30, ...hist(1));
      for (let t = Math.floor((now - 400 * DAY) / HOUR) * HOUR; t < now; t += HOUR, rows++) hours.run(id, new Date(t).toISOString(), 59, 1, 1800, 60, 45, ...hist(60));
      for (let t = Math.floor((now - 400 * DAY) / DAY) * DAY; t < now; t += DAY, rows++) days.run(id, new Date(t).toISOString(), 1425, 15, 43200, 1440, 48, ...hist(1440));
    })();
  }
  db.close();
  return rows;
}

async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-uptime-'));
  try {
    const env = { EVERYST_DATA_DIR: dataDir, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', LOG_LEVEL: 'silent', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8' };
    const config = loadConfig(env, { dotenv: false });
    const file = config.database.kind === 'sqlite' ? config.database.path : '';
    // Migrate once, then load the history while no server holds the file.
    await (await buildApp(config, { logger: pino({ level: 'silent' }) })).close();
    const ids = Array.from({ length: MONITORS }, () => randomUUID());
    const loadStarted = performance.now();
    const rows = load(file, ids, Date.now());
    console.log(`monitor-uptime: loaded ${rows.toLocaleString('en')} rows for ${MONITORS} monitors in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
    try {
      const register = await app.http.inject({ method: 'POST', url: '/api/auth/register/', payload: { username: 'bench', email: 'b@example.com', password: 'Correct-Horse-Battery-9' } });
      const access = (register.json() as { access?: string }).access ?? (await app.http.inject({
        method: 'POST', url: '/api/auth/login/', payload: { username: 'bench', password: 'Correct-Horse-Battery-9' },
      })).json().access;
      const get = (id: string) => app.http.inject({ method: 'GET', url: `/api/monitors/${id}/uptime/`, headers: { authorization: `Bearer ${access}` } });
      const first = await get(ids[0]);
      if (first.statusCode !== 200) throw new Error(`uptime answered ${first.statusCode}: ${first.body}`);
      for (let i = 0; i < 20; i++) await get(ids[i % MONITORS]);
      const times: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const started = performance.now();
        await get(ids[Math.floor(Math.random() * MONITORS)]);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p50 = times[Math.floor(CALLS / 2)];
      const p95 = times[Math.floor(CALLS * 0.95)];
      console.log(`monitor-uptime: ${JSON.stringify(first.json())}`);
      console.log(`monitor-uptime: GET uptime/ over a year, ${MONITORS} monitors at 60 s: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms ` +
        `(target ≤ ${TARGET_MS} ms): ${p95 <= TARGET_MS ? 'ok' : 'MISSED'}`);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await run();
