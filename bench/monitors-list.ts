/**
 * `GET /api/monitors/?page_size=100` with 2,000 monitors against a bare Fastify serving the same reply from memory,
 * in the same run (target ≥ 80 %; lib/compare.ts). The monitors (1,000 http, 500 tcp, 500 ping) point at a
 * loopback HTTP server and a loopback TCP listener this benchmark starts, and at 127.0.0.1; they check every
 * 30 s during the measurement, as they would in use.
 * Run: node --import tsx bench/monitors-list.ts   (BENCH_SECONDS, default 5; BENCH_MONITORS, default 2000)
 */
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { compareThroughput, describeComparison } from './lib/compare.js';
import { BENCH_PASSWORD, startApp, type ServerProcess } from './lib/servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const MONITORS = Number(process.env.BENCH_MONITORS ?? 2000);
const CONNECTIONS = 16;
const TARGET = { ratio: 0.8, against: 'replay' } as const;

async function json(base: string, method: string, path: string, body?: unknown, access?: string) {
  const res = await fetch(`${base}${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(access ? { authorization: `Bearer ${access}` } : {}) },
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The i-th monitor of the mix: half http, a quarter tcp, a quarter ping. */
function monitorBody(i: number, httpPort: number, tcpPort: number) {
  const name = `m-${String(i).padStart(5, '0')}`;
  if (i % 4 < 2) return { name, type: 'http', target: `http://127.0.0.1:${httpPort}/ok`, interval_s: 30 };
  if (i % 4 === 2) return { name, type: 'tcp', target: '127.0.0.1', port: tcpPort, interval_s: 30 };
  return { name, type: 'ping', target: '127.0.0.1', interval_s: 30 };
}

async function run(): Promise<void> {
  const http = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  const tcp = createTcpServer((s) => s.end()).listen(0, '127.0.0.1');
  await Promise.all([new Promise((r) => http.once('listening', r)), new Promise((r) => tcp.once('listening', r))]);
  const servers: ServerProcess[] = [];
  try {
    const everyst = await startApp();
    servers.push(everyst);
    await json(everyst.base, 'POST', '/api/auth/register/', { username: 'bench', email: 'bench@example.com', password: BENCH_PASSWORD });
    const login = await json(everyst.base, 'POST', '/api/auth/login/', { username: 'bench', password: BENCH_PASSWORD });
    const access = String(login.body.access);
    const httpPort = (http.address() as AddressInfo).port;
    const tcpPort = (tcp.address() as AddressInfo).port;
    for (let i = 0; i < MONITORS; i += 20) {
      await Promise.all(Array.from({ length: Math.min(20, MONITORS - i) }, async (_, k) => {
        const res = await json(everyst.base, 'POST', '/api/monitors/', monitorBody(i + k, httpPort, tcpPort), access);
        if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
      }));
    }
    const path = '/api/monitors/?page_size=100';
    const result = await compareThroughput({ app: everyst, path, headers: { authorization: `Bearer ${access}` }, slices: SECONDS, connections: CONNECTIONS });
    for (const line of describeComparison('monitors-list', `GET ${path} (${MONITORS} monitors)`, result, { target: TARGET, slices: SECONDS, connections: CONNECTIONS })) {
      console.log(line);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    http.close();
    tcp.close();
  }
}

await run();
