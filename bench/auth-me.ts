/**
 * Authenticated `GET /api/users/me/` throughput against a bare Fastify serving the same reply from memory, in the
 * same run (target ≥ 70 %; lib/compare.ts), and login latency p50 (target ≤ 250 ms). Every server runs in its own
 * process on 127.0.0.1 with an ephemeral port; the real app uses SQLite in a temporary data directory and LOG_LEVEL
 * silent (lib/servers.ts).
 * Run: node --import tsx bench/auth-me.ts   (BENCH_SECONDS, default 5: seconds of load per server, in alternating slices)
 */
import { compareThroughput, describeComparison } from './lib/compare.js';
import { BENCH_PASSWORD, startApp, type ServerProcess } from './lib/servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
const LOGINS = 30;
const TARGET = { ratio: 0.7, against: 'replay' } as const;
const TARGET_LOGIN_P50_MS = 250;

async function post(base: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as Record<string, unknown>;
  return { status: res.status, json, ms: performance.now() - started };
}

async function run(): Promise<void> {
  const servers: ServerProcess[] = [];
  try {
    const everyst = await startApp();
    servers.push(everyst);

    const registered = await post(everyst.base, '/api/auth/register/', { username: 'bench', email: 'bench@example.com', password: BENCH_PASSWORD });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
    const logins: number[] = [];
    let access = '';
    for (let i = 0; i < LOGINS; i++) {
      const res = await post(everyst.base, '/api/auth/login/', { username: 'bench', password: BENCH_PASSWORD });
      if (res.status !== 200) throw new Error(`login answered ${res.status}`);
      logins.push(res.ms);
      access = String(res.json.access);
    }
    logins.sort((a, b) => a - b);
    const loginP50 = logins[Math.floor(logins.length / 2)];

    const headers = { authorization: `Bearer ${access}` };
    const result = await compareThroughput({ app: everyst, path: '/api/users/me/', headers, slices: SECONDS, connections: CONNECTIONS });
    for (const line of describeComparison('auth-me', 'GET /api/users/me/', result, { target: TARGET, slices: SECONDS, connections: CONNECTIONS })) {
      console.log(line);
    }
    console.log(`auth-me: login p50 ${loginP50.toFixed(1)} ms over ${LOGINS} logins (min ${logins[0].toFixed(1)}, max ${logins[logins.length - 1].toFixed(1)}) ` +
      `(target ≤ ${TARGET_LOGIN_P50_MS} ms): ${loginP50 <= TARGET_LOGIN_P50_MS ? 'ok' : 'MISSED'}`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

await run();
