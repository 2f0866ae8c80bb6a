/**
 * Notification fan-out: 10,000 notifications (90 % personal, 9 % role-targeted, 1 % system) created by 16
 * concurrent producers while 1,000 sockets of 1,000 users are connected on loopback. Reports the time until every
 * socket has received every notification addressed to it, the push latency (creation → socket), and REST list
 * latency (p50/p95) with that many notifications stored. The sockets live in a child process, so their decoding
 * does not run on the server's event loop. SQLite in a temporary directory; stops by itself.
 * Run: node --import tsx bench/notifications-fanout.ts [notifications] [sockets]
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/config.js';
import { hashPassword } from '../src/auth/passwords.js';
import { nowIso } from '../src/db/values.js';

type ToClients = { type: 'connect'; port: number; tokens: string[] } | { type: 'finish' };
type FromClients = { type: 'connected'; ms: number } | { type: 'progress'; received: number } | { type: 'latencies'; latencies: number[] };

const PRODUCERS = 16;
const LIST_REQUESTS = 200;
const ROLE_MIX: Array<[role: string, share: number]> = [['admin', 0.05], ['manager', 0.1], ['user', 0.6], ['viewer', 0.25]];
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const ms = (v: number) => `${v.toFixed(1)} ms`;

/** Child process: one socket per token; counts `notification` events and their latency. */
function runClients(): void {
  const send = (m: FromClients, done?: () => void) => process.send!(m, undefined, {}, done);
  const sockets: Socket[] = [];
  const latencies: number[] = [];
  let received = 0;
  process.on('disconnect', () => process.exit(0)); // the benchmark ended or died: never linger
  const report = setInterval(() => send({ type: 'progress', received }), 5);
  process.on('message', (m: ToClients) => {
    if (m.type === 'finish') {
      clearInterval(report);
      for (const s of sockets) s.close();
      send({ type: 'latencies', latencies }, () => process.disconnect()); // disconnect once the message is out
      return;
    }
    void (async () => {
      const started = performance.now();
      for (let i = 0; i < m.tokens.length; i += 100) {
        await Promise.all(m.tokens.slice(i, i + 100).map((token) => new Promise<void>((resolve, reject) => {
          const s = io(`http://127.0.0.1:${m.port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
          sockets.push(s);
          s.on('notification', (n: { message: string }) => {
            received++;
            latencies.push(Date.now() - Number(n.message)); // the message carries the time the creation was asked for
          });
          s.once('connect', () => {
            s.emit('unsubscribe_metrics', {}, () => undefined); // this benchmark measures notifications only
            resolve();
          });
          s.once('connect_error', reject);
        })));
      }
      send({ type: 'connected', ms: performance.now() - started });
    })().catch((err: unknown) => {
      console.error('notifications-fanout clients:', err);
      process.exit(1);
    });
  });
}

/** 1,000 users (one owner, the rest spread over the roles), inserted directly with one password hash. */
async function seedUsers(app: App, count: number): Promise<Array<{ id: number; role: string; token: string }>> {
  const hash = await hashPassword('Bench-Password-123');
  const users = [];
  for (let i = 0; i < count; i++) {
    let acc = 0;
    const role = i === 0 ? 'owner' : (ROLE_MIX.find(([, share]) => (acc += share) >= i / count)?.[0] ?? 'viewer');
    const name = `bench${i}`;
    const now = nowIso();
    const id = await app.ctx.repos.users.insert({
      username: name, username_normalized: name, email: `${name}@example.com`, email_normalized: `${name}@example.com`, password_hash: hash,
      first_name: '', last_name: '', is_active: true, role_name: role, date_joined: now, password_changed_at: now, created_at: now, updated_at: now,
    });
    const { access } = await app.ctx.services.auth.issueTokens(id, { ip: null, userAgent: 'bench' });
    users.push({ id, role, token: access });
  }
  return users;
}

async function timeRequests(url: string, token: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < LIST_REQUESTS; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 10_000);
  const socketCount = Math.max(10, Number(process.argv[3] ?? 1_000));
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-bench-fanout-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true })); // also when it fails
  setTimeout(() => {
    console.error('notifications-fanout: gave up after 10 minutes');
    process.exit(1);
  }, 10 * 60_000).unref();

  const config = loadConfig({
    EVERYST_DATA_DIR: dataDir, SECRET_KEY: 'bench-secret-key-0123456789abcdef0123456789', API_HOST: '127.0.0.1', API_PORT: '0',
    LOG_LEVEL: 'silent', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_SCHEDULE_MINUTES: '0', SCAN_RESOLVE_NAMES: 'false',
  }, { dotenv: false });
  const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
  const port = await app.listen();
  const users = await seedUsers(app, socketCount);

  const clients = fork(fileURLToPath(import.meta.url), ['--clients'], { execArgv: ['--import', 'tsx'], serialization: 'advanced' });
  let finished = false;
  clients.once('exit', (code) => {
    if (!finished) {
      console.error(`notifications-fanout: client process exited early (${code})`);
      process.exit(1);
    }
  });
  let received = 0;
  const waiters = new Map<string, (m: FromClients) => void>();
  clients.on('message', (m: FromClients) => {
    if (m.type === 'progress') received = m.received;
    waiters.get(m.type)?.(m);
  });
  const next = <T extends FromClients['type']>(type: T) => new Promise<Extract<FromClients, { type: T }>>((resolve) => {
    waiters.set(type, (m) => resolve(m as Extract<FromClients, { type: T }>));
  });
  const connected = next('connected');
  clients.send({ type: 'connect', port, tokens: users.map((u) => u.token) } satisfies ToClients);
  const connectMs = (await connected).ms;

  const roleSize = new Map<string, number>();
  for (const u of users) roleSize.set(u.role, (roleSize.get(u.role) ?? 0) + 1);
  const notifications = app.ctx.services.notifications;
  const jobs: Array<() => Promise<unknown>> = [];
  let expected = 0;
  for (let i = 0; i < total; i++) {
    const input = () => ({ title: `Bench notification ${i}`, message: String(Date.now()), type: 'info' as const, source: 'bench' });
    if (i % 100 === 0) {
      jobs.push(() => notifications.createSystem(input()));
      expected += users.length;
    } else if (i % 10 === 0) {
      const role = ROLE_MIX[(i / 10) % ROLE_MIX.length][0];
      jobs.push(() => notifications.createForRole(role, input()));
      expected += roleSize.get(role) ?? 0;
    } else {
      jobs.push(() => notifications.createForUser(users[i % users.length].id, input()));
      expected += 1;
    }
  }

  const started = performance.now();
  let cursor = 0;
  await Promise.all(Array.from({ length: PRODUCERS }, async () => {
    while (cursor < jobs.length) {
      await jobs[cursor++]();
      // Like requests arriving over the network: let I/O (socket writes) run between creations. With SQLite's
      // synchronous driver a bare loop would run on microtasks alone and hold every push until it ends.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }));
  const createdMs = performance.now() - started;
  while (received < expected && performance.now() - started < 5 * 60_000) await new Promise((r) => setTimeout(r, 5));
  const deliveredMs = performance.now() - started;
  const done = next('latencies');
  finished = true;
  clients.send({ type: 'finish' } satisfies ToClients);
  const latencies = (await done).latencies.sort((a, b) => a - b);

  const plain = users.find((u) => u.role === 'user')!;
  const base = `http://127.0.0.1:${port}/api/notifications`;
  const visible = ((await (await fetch(`${base}/?page_size=1`, { headers: { authorization: `Bearer ${plain.token}` } })).json()) as { count: number }).count;
  const list = await timeRequests(`${base}/`, plain.token);
  const unread = await timeRequests(`${base}/?unread=true&page_size=20`, plain.token);
  const unreadCount = await timeRequests(`${base}/unread_count/`, plain.token);
  await app.close();

  console.log(`notifications-fanout: ${total} notifications, ${users.length} sockets (connected in ${ms(connectMs)}), SQLite`);
  console.log(`  created in ${ms(createdMs)} (${Math.round(total / (createdMs / 1000))}/s, ${PRODUCERS} concurrent producers)`);
  console.log(`  ${received}/${expected} socket deliveries complete after ${ms(deliveredMs)} (${Math.round(received / (deliveredMs / 1000))} deliveries/s)`);
  console.log(`  push latency (create call → socket): p50 ${pct(latencies, 50)} ms, p95 ${pct(latencies, 95)} ms, max ${latencies.at(-1)} ms`);
  console.log(`  REST, a user who sees ${visible} of ${total} notifications, ${LIST_REQUESTS} requests each:`);
  console.log(`    GET notifications/               p50 ${ms(pct(list, 50))}, p95 ${ms(pct(list, 95))}`);
  console.log(`    GET notifications/?unread=true   p50 ${ms(pct(unread, 50))}, p95 ${ms(pct(unread, 95))}`);
  console.log(`    GET notifications/unread_count/  p50 ${ms(pct(unreadCount, 50))}, p95 ${ms(pct(unreadCount, 95))}`);
  if (received < expected) process.exitCode = 1;
}

if (process.argv[2] === '--clients') runClients();
else await main();
