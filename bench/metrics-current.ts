/**
 * Authenticated `GET /api/system/metrics/current/` throughput against a bare Fastify serving the same reply from
 * memory, in the same run (issue 23: target ≥ 80 %; lib/compare.ts). Every server runs in its own process on
 * 127.0.0.1; the app uses SQLite in a temporary data directory and the default METRICS_INTERVAL_SECONDS (1):
 * requests share one host reading per second.
 * Run: node --import tsx bench/metrics-current.ts   (BENCH_SECONDS, default 5: alternating 1 s slices per server)
 */
import { compareThroughput, describeComparison } from './lib/compare.js';
import { registerOwner, startApp, type ServerProcess } from './lib/servers.js';

const SLICES = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const PATH = '/api/system/metrics/current/';
const TARGET = { ratio: 0.8, against: 'replay' } as const;

async function run(): Promise<void> {
  const servers: ServerProcess[] = [];
  try {
    const app = await startApp({ env: { METRICS_INTERVAL_SECONDS: '1' } });
    servers.push(app);
    const headers = { authorization: `Bearer ${await registerOwner(app.base)}` };
    const res = await fetch(`${app.base}${PATH}`, { headers });
    const body = await res.text();
    if (res.status !== 200 || !('extended' in (JSON.parse(body) as object))) throw new Error(`${PATH} answered ${res.status}`);

    const result = await compareThroughput({ app, path: PATH, headers, slices: SLICES, connections: CONNECTIONS });
    for (const line of describeComparison('metrics-current', `GET ${PATH}`, result, {
      target: TARGET, slices: SLICES, connections: CONNECTIONS,
    })) {
      console.log(line);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await run();
