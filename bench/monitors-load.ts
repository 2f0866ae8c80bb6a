/**
 * 2,000 monitors (1,000 http, 500 tcp, 500 ping) at 30 s against loopback targets this benchmark starts (an HTTP
 * server, a TCP listener, 127.0.0.1 for ping). Targets (issue #24): ≤ 10 % of one core on average, children (fping)
 * included, also with one dashboard socket subscribed to heartbeats; RSS ≤ 200 MB; scheduling lateness p99 ≤ 1 s;
 * no missed check. First each type runs alone for a phase, to report CPU per check by type; then all together,
 * with a subscribed socket, for BENCH_MINUTES (default 3; the figure is over 5).
 * Run: node --import tsx bench/monitors-load.ts   (BENCH_MINUTES, BENCH_PHASE_SECONDS (default 60), BENCH_MONITORS)
 */
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { BENCH_PASSWORD, rssMbOf, startApp, type ServerProcess } from './lib/servers.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 3);
const PHASE_S = Number(process.env.BENCH_PHASE_SECONDS ?? 60);
const MONITORS = Number(process.env.BENCH_MONITORS ?? 2000);
const INTERVAL_S = Number(process.env.BENCH_INTERVAL_S ?? 30);
const CLOCK_TICKS = 100;

/** CPU ms of a process and its waited-for children (utime + stime + cutime + cstime). */
function cpuWithChildrenMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 1000) / CLOCK_TICKS;
}

async function call(base: string, method: string, path: string, access: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${access}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  });
  return { status: res.status, body: (await res.json().catch(() => ({}))) as Record<string, unknown> };
}

async function metric(base: string, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `) || (labels === '' && l.startsWith(`${name} `)));
  return line ? Number(line.split(' ').pop()) : NaN;
}

async function measure(app: ServerProcess, seconds: number) {
  const cpu0 = cpuWithChildrenMs(app.pid);
  const checks0 = await metric(app.base, 'everyst_monitor_checks_total');
  const missed0 = await metric(app.base, 'everyst_monitor_checks_missed_total');
  const rss: number[] = [];
  const started = Date.now();
  while (Date.now() - started < seconds * 1000) {
    await new Promise((r) => setTimeout(r, 5000));
    rss.push(rssMbOf(app.pid));
  }
  const elapsed = (Date.now() - started) / 1000;
  const cpuMs = cpuWithChildrenMs(app.pid) - cpu0;
  const checks = (await metric(app.base, 'everyst_monitor_checks_total')) - checks0;
  return {
    cpuPercent: (cpuMs / (elapsed * 1000)) * 100, checks, cpuPerCheckMs: checks ? cpuMs / checks : NaN,
    missed: (await metric(app.base, 'everyst_monitor_checks_missed_total')) - missed0,
    p99: await metric(app.base, 'everyst_monitor_check_lateness_ms', '{quantile="0.99"}'),
    max: await metric(app.base, 'everyst_monitor_check_lateness_ms', '{quantile="1"}'),
    rssMax: Math.max(...rss), elapsed,
  };
}

async function run(): Promise<void> {
  const http = createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  const tcp = createTcpServer((s) => s.end()).listen(0, '127.0.0.1');
  await Promise.all([new Promise((r) => http.once('listening', r)), new Promise((r) => tcp.once('listening', r))]);
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-load-'));
  const env = { PROMETHEUS_ENABLED: 'true', EVERYST_DATA_DIR: dataDir };
  let app = await startApp({ env });
  try {
    await fetch(`${app.base}/api/auth/register/`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', email: 'bench@example.com', password: BENCH_PASSWORD }),
    });
    const login = await (await fetch(`${app.base}/api/auth/login/`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: BENCH_PASSWORD }),
    })).json() as { access: string };
    let access = login.access;
    const httpPort = (http.address() as AddressInfo).port;
    const tcpPort = (tcp.address() as AddressInfo).port;
    const byType: Record<string, string[]> = { http: [], tcp: [], ping: [] };
    for (let i = 0; i < MONITORS; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, MONITORS - i) }, async (_, k) => {
        const n = i + k;
        const type = n % 4 < 2 ? 'http' : n % 4 === 2 ? 'tcp' : 'ping';
        const target = type === 'http' ? `http://127.0.0.1:${httpPort}/ok` : '127.0.0.1';
        const res = await call(app.base, 'POST', '/api/monitors/', access, {
          name: `m-${n}`, type, target, ...(type === 'tcp' ? { port: tcpPort } : {}), interval_s: INTERVAL_S, active: false,
        });
        if (res.status !== 201) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
        byType[type].push(res.body.id as string);
      }));
    }
    // The monitors are measured as a server running them from its start would hold them: restarted once after
    // the 2,000 API calls that created them (whose garbage the allocator keeps as resident memory).
    const createdRss = rssMbOf(app.pid);
    await app.stop();
    app = await startApp({ env });
    const relogin = await (await fetch(`${app.base}/api/auth/login/`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bench', password: BENCH_PASSWORD }),
    })).json() as { access: string };
    access = relogin.access;
    console.log(`monitors-load: RSS ${createdRss.toFixed(0)} MB right after creating them through the API; ${rssMbOf(app.pid).toFixed(0)} MB after a restart`);
    const setActive = async (ids: string[], active: boolean) => {
      for (let i = 0; i < ids.length; i += 50) {
        await Promise.all(ids.slice(i, i + 50).map((id) => call(app.base, 'POST', `/api/monitors/${id}/${active ? 'resume' : 'pause'}/`, access, {})));
      }
    };
    console.log(`monitors-load: ${MONITORS} monitors (${byType.http.length} http, ${byType.tcp.length} tcp, ${byType.ping.length} ping) at ${INTERVAL_S} s, loopback targets`);
    for (const type of ['http', 'tcp', 'ping']) {
      await setActive(byType[type], true);
      await new Promise((r) => setTimeout(r, INTERVAL_S * 1000)); // one interval for the first checks and connections
      const m = await measure(app, PHASE_S);
      console.log(`monitors-load: ${type} alone (${byType[type].length}): ${m.cpuPercent.toFixed(2)} % of one core, ${m.cpuPerCheckMs.toFixed(2)} ms CPU per check (${m.checks} checks)`);
      await setActive(byType[type], false);
    }
    await setActive([...byType.http, ...byType.tcp, ...byType.ping], true);
    const socket = io(app.base, { path: '/socket.io/', transports: ['websocket'], query: { token: access }, reconnection: false });
    let beats = 0;
    socket.on('monitor_heartbeat', () => beats++);
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
    await socket.timeout(5000).emitWithAck('subscribe_monitors', {});
    await new Promise((r) => setTimeout(r, INTERVAL_S * 1000));
    const m = await measure(app, MINUTES * 60);
    socket.close();
    const ok = (v: boolean) => (v ? 'ok' : 'MISSED');
    console.log(`monitors-load: all ${MONITORS} with one subscribed socket (${beats} heartbeats pushed), ${(m.elapsed / 60).toFixed(1)} min: ` +
      `${m.cpuPercent.toFixed(2)} % of one core (target ≤ 10 %): ${ok(m.cpuPercent <= 10)}; ${m.cpuPerCheckMs.toFixed(2)} ms CPU per check; ` +
      `RSS max ${m.rssMax.toFixed(0)} MB (target ≤ 200): ${ok(m.rssMax <= 200)}; lateness p99 ${m.p99} ms, max ${m.max} ms (target p99 ≤ 1000): ${ok(m.p99 <= 1000)}; ` +
      `missed ${m.missed} (target 0): ${ok(m.missed === 0)}; ${m.checks} checks (expected ≈ ${Math.round((MONITORS * m.elapsed) / INTERVAL_S)})`);
  } finally {
    await app.stop();
    http.close();
    tcp.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await run();
