/**
 * Schema-driven fuzz of every operation of the OpenAPI document (`/api/schema/`), as the owner, a viewer and an
 * anonymous caller, over real HTTP to a real `everyst serve` on a real SQLite file. It fails on any 5xx, any
 * dropped or unanswered connection, any error that is not a JSON `{detail}`, and any change to stored data made
 * by a refused (4xx) request.
 *
 * The server runs in a network namespace with no route out (sandbox.ts), scans may only touch a network that
 * does not exist there, and DNS goes to the namespace's closed loopback port: nothing a request triggers leaves
 * the machine. On top of that, the tools that would start a program on a target (ping, traceroute, nmap, dig,
 * nslookup, whois, ssl-check, tcpdump) get only targets their validation refuses, and must refuse them.
 *
 * `FUZZ_REQUESTS` sets the number of requests (default 3000; `npm run fuzz` runs 30 000), `FUZZ_SEED` the seed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { netnsSkipReason } from '../helpers/netns.js';
import { OWNER_PASSWORD, USER_PASSWORD } from '../helpers/factories.js';
import { StoredData, differences, type Snapshot } from './db-snapshot.js';
import { bodies, HOSTILE_IDS, pick, query, random, type Value } from './hostile-values.js';
import { startSandboxedServer, type Sandbox } from './sandbox.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3000);
const SEED = Number(process.env.FUZZ_SEED ?? 20250727);
const TIMEOUT_MS = 20_000;

/** Tools that start a program on their target: fuzzed only with targets they must refuse. */
const TARGET_TOOLS = new Set(['ping', 'traceroute', 'nmap', 'dig', 'nslookup', 'whois', 'ssl-check', 'tcpdump']);
const REFUSED_TARGETS: Value[] = [null, 1, -1, 2 ** 64, true, [], ['127.0.0.1'], {}, { a: 1 }, '', ' ', '-oX /tmp/x', '--help', 'a b',
  '☃.example', 'x'.repeat(300), '$(id)', '`id`', 'a;b', '../../etc/passwd', '\u0000', '1.2.3.4 5.6.7.8', '-1', '127.0.0.1\n-v'];

type Caller = 'anonymous' | 'viewer' | 'owner';
interface Operation { method: string; path: string; bodySchema?: Record<string, unknown>; queryNames: string[] }
interface Failure { caller: Caller; method: string; url: string; status: number | string; detail: string }

let sandbox: Sandbox;
let stored: StoredData;
const tokens: Record<Caller, string | null> = { anonymous: null, viewer: null, owner: null };
const ids: string[] = [];
let ops: Operation[] = [];

async function send(method: string, url: string, opts: { caller?: Caller; body?: string; type?: string; requestId?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = opts.caller ? tokens[opts.caller] : null;
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.type) headers['content-type'] = opts.type;
  if (opts.requestId) headers['x-request-id'] = opts.requestId;
  const res = await fetch(sandbox.baseUrl + url, { method, headers, body: opts.body, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await res.text();
  let json: Value = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

const sendJson = (method: string, url: string, caller: Caller | undefined, body: Value) =>
  send(method, url, { caller, body: JSON.stringify(body), type: 'application/json' });

async function signIn(caller: 'owner' | 'viewer'): Promise<void> {
  const res = await sendJson('POST', '/api/auth/login/', undefined, { username: caller, password: caller === 'owner' ? OWNER_PASSWORD : USER_PASSWORD });
  tokens[caller] = res.status === 200 ? (res.json.access as string) : null;
}

function operations(doc: Value): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Value>>)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params = (op.parameters ?? []) as Array<{ in: string; name: string }>;
      out.push({
        method: method.toUpperCase(), path,
        bodySchema: op.requestBody?.content?.['application/json']?.schema,
        queryNames: params.filter((p) => p.in === 'query').map((p) => p.name),
      });
    }
  }
  return out;
}

/** Ids that exist, so that fuzzed bodies reach the handlers behind a found record, not only the 404. */
async function seed(): Promise<void> {
  await sendJson('POST', '/api/network/devices/', 'owner', { ip_address: '10.213.251.7', hostname: 'fuzz-device' });
  await sendJson('POST', '/api/alerts/', 'owner', { title: 'fuzz', message: 'fuzz', source: 'fuzz' });
  for (const list of ['/api/users/', '/api/network/devices/', '/api/alerts/', '/api/notifications/', '/api/alert-rules/', '/api/auth/sessions/']) {
    const res = await send('GET', list, { caller: 'owner' });
    const rows = (Array.isArray(res.json) ? res.json : res.json?.results ?? []) as Array<{ id?: unknown }>;
    for (const row of rows) if (row.id !== undefined) ids.push(String(row.id));
  }
}

beforeAll(async () => {
  if (netnsSkipReason()) return;
  sandbox = await startSandboxedServer({
    SCAN_ALLOWED_NETWORKS: '10.213.251.0/24', DNS_SERVERS: '127.0.0.1', SCAN_RESOLVE_NAMES: 'false', DEBUG: 'false',
  });
  const owner = await sendJson('POST', '/api/auth/register/', undefined, { username: 'owner', email: 'owner@example.com', password: OWNER_PASSWORD });
  tokens.owner = owner.json.access as string;
  await sendJson('POST', '/api/users/', 'owner', { username: 'viewer', email: 'viewer@example.com', password: USER_PASSWORD, role: 'viewer' });
  await signIn('viewer');
  await seed();
  ops = operations((await send('GET', '/api/schema/')).json);
  stored = new StoredData(join(sandbox.dataDir, 'everyst.sqlite3'));
}, 120_000);

afterAll(async () => {
  stored?.close();
  await sandbox?.stop();
});

function pathFor(op: Operation, rnd: () => number): string {
  const filled = op.path.replace(/\{[^}]+\}/g, () => encodeURIComponent(decodeURIComponent(rnd() < 0.4 && ids.length ? pick(rnd, ids) : pick(rnd, HOSTILE_IDS))));
  const prefixed = rnd() < 0.2 ? filled.replace(/^\/api\//, '/api/v1/') : filled;
  return rnd() < 0.5 ? `${prefixed}/` : prefixed;
}

/** JSON bodies that the parser refuses or that are not an object. */
const UNPARSABLE_JSON = ['{"a":', '\u0000', 'nul', '[1,2]', '"text"'];

/** The body text and content type of one fuzzed request. */
function bodyFor(op: Operation, body: Value, rnd: () => number): { body?: string; type?: string } {
  const tool = /^\/api\/tools\/([a-z-]+)$/.exec(op.path)?.[1];
  const targetTool = tool !== undefined && TARGET_TOOLS.has(tool);
  if (targetTool) {
    const fields = typeof body === 'object' && body && !Array.isArray(body) ? body : {};
    body = { ...fields, target: pick(rnd, REFUSED_TARGETS), interface: pick(rnd, REFUSED_TARGETS) };
  }
  const roll = rnd();
  if (roll < 0.06) return { body: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n', type: 'multipart/form-data; boundary=x' };
  if (roll < 0.09) return { body: 'a=1&b=2', type: pick(rnd, ['application/x-www-form-urlencoded', 'text/plain', 'application/xml', 'Application/JSON']) };
  // A body that parses to an object without the refused target (or no body at all) would run a tool whose every
  // field has a default (tcpdump captures on "any" for up to 30 s): target tools get only bodies that cannot parse.
  if (roll < 0.12) return { body: pick(rnd, targetTool ? UNPARSABLE_JSON : [...UNPARSABLE_JSON, '{"a":1,"a":2}', '{"__proto__":{"x":1}}']), type: 'application/json' };
  if (roll < 0.15 && !targetTool) return {};
  return { body: JSON.stringify(body), type: 'application/json; charset=utf-8' };
}

/** Accepted requests that go on writing after their answer (a scan, a security check, a delivery). */
const ASYNC_WORK = /\/(start_scan|rescan|refresh|retry|test)\/?$/;

const SCANS_END_WITHIN_MS = 120_000;

/** A request of the fuzzer's own as the owner, signing in again when a fuzzed request ended the session. */
async function asOwner(method: string, url: string, body?: string): Promise<Awaited<ReturnType<typeof send>>> {
  const opts = { caller: 'owner' as const, body, type: body === undefined ? undefined : 'application/json' };
  let res = await send(method, url, opts);
  if (res.status === 401) {
    await signIn('owner');
    res = await send(method, url, opts);
  }
  if (res.status >= 300) throw new Error(`the fuzzer's own ${method} ${url} answered ${res.status}: ${res.text.slice(0, 200)}`);
  return res;
}

/**
 * A scan a fuzzed request started (directly or through a schedule) ends before the next request: its last writes
 * would be blamed on that one.
 */
async function scansEnded(): Promise<void> {
  const deadline = Date.now() + SCANS_END_WITHIN_MS;
  while (Date.now() < deadline) {
    const res = await asOwner('GET', '/api/network/scans/?page_size=500');
    const scans = ((res.json as { results?: Array<{ status?: unknown }> } | null)?.results ?? []);
    if (!scans.some((scan) => scan.status === 'queued' || scan.status === 'in-progress')) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await settle();
}

const SCHEDULES = /^\/api(?:\/v1)?\/network\/schedules\/(?:[^/]+\/)?$/;

/**
 * A scan schedule a fuzzed request made or enabled would scan on its own clock, in the middle of later requests
 * (whose refusals would then seem to change scans and notifications): it is switched off at once.
 */
async function switchOffSchedule(answer: Value): Promise<void> {
  const schedule = answer as { id?: unknown; enabled?: unknown } | null;
  if (typeof schedule?.id !== 'string' || schedule.enabled !== true) return;
  await asOwner('PATCH', `/api/network/schedules/${schedule.id}/`, '{"enabled":false}');
  await scansEnded();
}

/** Waits until nothing has been committed for a while, so later writes are not blamed on the next request. */
async function settle(): Promise<void> {
  const deadline = Date.now() + 15_000;
  let quiet = 0;
  while (quiet < 6 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    quiet = stored.changed() ? 0 : quiet + 1;
  }
}

function serverError(requestId: string): string {
  const line = sandbox.output().split('\n').find((l) => l.includes(`"reqId":"${requestId}"`) && /"level":(50|60)/.test(l));
  if (!line) return '';
  const parsed = JSON.parse(line) as { err?: { message?: string; stack?: string } };
  return ` — server: ${parsed.err?.message ?? ''} ${(parsed.err?.stack ?? '').split('\n').slice(1, 3).join(' | ')}`;
}

describe.skipIf(netnsSkipReason())('fuzz of every OpenAPI operation', () => {
  it(`${REQUESTS} requests as owner, viewer and anonymous: no 5xx, no dropped connection, no change by a refused request`, async () => {
    const rnd = random(SEED);
    const failures: Failure[] = [];
    const perOwnerOp = Math.max(4, Math.floor((REQUESTS - ops.length * 6) / ops.length));
    let sent = 0;
    let baseline: Snapshot = stored.snapshot();
    stored.changed();

    for (const op of ops) {
      const plan: Caller[] = ['anonymous', 'anonymous', 'anonymous', 'viewer', 'viewer', 'viewer', ...Array<Caller>(perOwnerOp).fill('owner')];
      const payloads = bodies(op.bodySchema, plan.length, rnd);
      for (const [i, caller] of plan.entries()) {
        const url = `${pathFor(op, rnd)}${op.method === 'GET' || rnd() < 0.15 ? `?${query(rnd, op.queryNames)}` : ''}`;
        const part = op.method === 'GET' ? {} : bodyFor(op, payloads[i], rnd);
        const requestId = `fuzz-${++sent}`;
        if (stored.changed()) baseline = stored.snapshot();
        const record = (status: number | string, detail: string) => failures.push({ caller, method: op.method, url: url.slice(0, 160), status, detail: detail.slice(0, 400) });
        let res: Awaited<ReturnType<typeof send>>;
        try {
          res = await send(op.method, url, { caller, ...part, requestId });
        } catch (error) {
          record('no answer', `${(error as Error).message} ${String((error as { cause?: Error }).cause?.message ?? '')} body: ${part.body?.slice(0, 200) ?? ''}`);
          continue;
        }
        if (res.status >= 500) record(res.status, `${res.text.slice(0, 200)} body: ${part.body?.slice(0, 200) ?? ''}${serverError(requestId)}`);
        if (res.status >= 400 && (typeof res.json?.detail !== 'string')) record(res.status, `error without a JSON detail: ${res.text.slice(0, 200)}`);
        const tool = /^\/api(?:\/v1)?\/tools\/([a-z-]+)\/?$/.exec(url.split('?')[0])?.[1];
        if (tool && TARGET_TOOLS.has(tool) && res.status < 400) record(res.status, `a tool ran on a fuzzed target: ${part.body ?? ''}`);
        if (res.status >= 400 && res.status < 500 && stored.changed()) {
          const after = stored.snapshot();
          const changed = differences(baseline, after);
          if (changed.length) record(res.status, `refused, yet changed ${changed.join(', ')}: ${res.text.slice(0, 120)} body: ${part.body?.slice(0, 200) ?? ''}`);
          baseline = after;
        }
        if (res.status < 300 && ASYNC_WORK.test(url.split('?')[0])) await settle();
        if (res.status < 300 && SCHEDULES.test(url.split('?')[0])) await switchOffSchedule(res.json);
        if (res.status < 300 && typeof (res.json as { scan_id?: unknown } | null)?.scan_id === 'string') await scansEnded();
        if (process.env.FUZZ_VERBOSE) console.log(caller, op.method, url.slice(0, 100), res.status, res.text.slice(0, 100));
        if (res.status === 401 && caller !== 'anonymous') await signIn(caller);
      }
    }

    expect(sent).toBeGreaterThanOrEqual(Math.min(REQUESTS, ops.length * 10) * 0.9);
    const report = failures.map((f) => `${f.caller} ${f.method} ${f.url} → ${f.status}: ${f.detail}`);
    expect(report, `${failures.length} of ${sent} requests failed`).toEqual([]);
  }, 15 * 60_000);
});
