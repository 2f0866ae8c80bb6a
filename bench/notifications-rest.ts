/**
 * Authenticated `GET /api/notifications/` (a full page of 50 notifications) throughput against a bare Fastify
 * serving the same reply from memory, in the same run (issue 23: target ≥ 100 %; lib/compare.ts). Every server runs
 * in its own process on 127.0.0.1; the app uses SQLite in a temporary data directory. The 50 notifications are created through `POST notifications/`.
 * Run: node --import tsx bench/notifications-rest.ts   (BENCH_SECONDS, default 5: alternating 1 s slices per server)
 */
import { compareThroughput, describeComparison } from './lib/compare.js';
import { registerOwner, startApp, type ServerProcess } from './lib/servers.js';

const SLICES = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const NOTIFICATIONS = 50;
const TARGET = { ratio: 1.0, against: 'replay' } as const;

async function run(): Promise<void> {
  const servers: ServerProcess[] = [];
  try {
    const app = await startApp();
    servers.push(app);
    const headers = { authorization: `Bearer ${await registerOwner(app.base)}` };
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const res = await fetch(`${app.base}/api/notifications/`, {
        method: 'POST', headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Bench notification ${i}`, message: `Disk usage on host-${i} passed 90 %`, type: i % 3 ? 'info' : 'warning', source: 'bench' }),
      });
      if (res.status !== 201) throw new Error(`POST notifications/ answered ${res.status}`);
    }
    const page = (await (await fetch(`${app.base}/api/notifications/`, { headers })).json()) as { results: unknown[] };
    if (page.results.length !== NOTIFICATIONS) throw new Error(`the page holds ${page.results.length} notifications, not ${NOTIFICATIONS}`);

    const result = await compareThroughput({ app, path: '/api/notifications/', headers, slices: SLICES, connections: CONNECTIONS });
    for (const line of describeComparison('notifications-rest', 'GET /api/notifications/', result, {
      target: TARGET, slices: SLICES, connections: CONNECTIONS, detail: `${NOTIFICATIONS} items`,
    })) {
      console.log(line);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await run();
