/**
 * Issue 4 (d): authenticated `GET /api/system/metrics/current/` throughput against a bare Fastify hello-world in
 * the same run. Both servers run in their own process on 127.0.0.1; the app uses SQLite in a temporary data
 * directory and the default METRICS_INTERVAL_SECONDS (1): requests share one host reading per second.
 * Run: node --import tsx bench/metrics-current.ts   (BENCH_SECONDS, default 5: alternating 1 s slices per server)
 */
import { compareThroughput, describeComparison } from './lib/compare.js';
import { registerOwner, startApp, startBare, type ServerProcess } from './lib/servers.js';

const SLICES = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const PATH = '/api/system/metrics/current/';

async function run(): Promise<void> {
  const servers: ServerProcess[] = [];
  try {
    const bare = await startBare();
    servers.push(bare);
    const app = await startApp({ env: { METRICS_INTERVAL_SECONDS: '1' } });
    servers.push(app);
    const headers = { authorization: `Bearer ${await registerOwner(app.base)}` };
    const res = await fetch(`${app.base}${PATH}`, { headers });
    const body = await res.text();
    if (res.status !== 200 || !('extended' in (JSON.parse(body) as object))) throw new Error(`${PATH} answered ${res.status}`);

    const result = await compareThroughput({ bare, app, path: PATH, headers, slices: SLICES, connections: CONNECTIONS });
    for (const line of describeComparison('metrics-current', `GET ${PATH}`, result, {
      slices: SLICES, connections: CONNECTIONS, detail: `${body.length} bytes`,
    })) {
      console.log(line);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await run();
