/**
 * The whole cycle pass → warn → pass of `listening_ports` needs a host where nothing but Everyst listens
 * beyond loopback, which a developer machine or CI runner is not. So Everyst runs here as a real server
 * process inside a fresh network namespace (its own socket tables), reached over the test veth pair.
 * SQLite only: the PostgreSQL of the machine is not reachable from inside the namespace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_SECRET } from '../helpers/app.js';
import { OWNER_PASSWORD, USER_PASSWORD } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { sleep, startProbe, waitFor, type Json, type Probe } from './helpers.js';

const SUBNET = 171;
const PORT = 8000;
const ROOT = resolve(import.meta.dirname, '../..');

describeNetns('security recovery in a network namespace (sqlite)', () => {
  let net: TestNetwork;
  let server: ChildProcess | undefined;
  let probe: Probe | undefined;
  let dataDir: string;
  let base: string;
  const tokens: Record<string, string> = {};

  async function http(method: 'GET' | 'POST', path: string, as?: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...(as ? { authorization: `Bearer ${tokens[as]}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }
  const securityNotes = async (who: string) =>
    ((await http('GET', '/api/notifications/?page_size=500', who)).body.results as Json[]).filter((n) => n.source === 'security');
  const listeningCheck = (snapshot: Json) => snapshot.checks.find((c: Json) => c.id === 'listening_ports');

  beforeAll(async () => {
    net = await createTestNetwork({ subnet: SUBNET, hosts: [{ octet: 2, mac: '02:5e:c0:ab:00:02' }] });
    const host = net.hosts[0];
    base = `http://${host.ip}:${PORT}`;
    dataDir = mkdtempSync(join(tmpdir(), 'everyst-security-netns-'));
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dataDir, EVERYST_FROM_SOURCE: '1',
      API_HOST: host.ip, API_PORT: String(PORT), EVERYST_DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'silent', SECURITY_CHECK_MINUTES: '0', SCAN_ALLOWED_NETWORKS: net.cidr, SCAN_RESOLVE_NAMES: 'false',
    };
    server = spawn('ip', ['netns', 'exec', host.namespace, process.execPath, join(ROOT, 'bin/everyst.js'), 'serve'],
      { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitFor(async () => (await http('GET', '/api/health/').catch(() => ({ status: 0 }))).status === 200, 30_000, 'the server');

    const owner = await http('POST', '/api/auth/register/', undefined, { username: 'owner', email: 'owner@example.com', password: OWNER_PASSWORD });
    tokens.owner = owner.body.access;
    for (const [name, role] of [['mona', 'manager'], ['uma', 'user'], ['vera', 'viewer']]) {
      const created = await http('POST', '/api/users/', 'owner', { username: name, email: `${name}@example.com`, password: USER_PASSWORD, role });
      expect(created.status).toBe(201);
      tokens[role] = (await http('POST', '/api/auth/login/', undefined, { username: name, password: USER_PASSWORD })).body.access;
    }
  }, 60_000);

  afterAll(async () => {
    await probe?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    await net?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('notifies a new listener as a warning, and its closing as a recovery, to can_manage_system only', async () => {
    await waitFor(async () => (await http('GET', '/api/security/history/', 'owner')).body.count >= 1, 10_000, 'the start snapshot');
    const start = await http('GET', '/api/security/', 'owner');
    expect(listeningCheck(start.body).status).toBe('pass');
    expect(start.body.listening).toEqual([{ protocol: 'tcp', address: net.hosts[0].ip, port: PORT, process: 'node' }]);

    probe = await startProbe('0.0.0.0', 0, ['ip', 'netns', 'exec', net.hosts[0].namespace]);
    const worse = await http('POST', '/api/security/refresh/', 'manager');
    expect(worse.status).toBe(200);
    expect(listeningCheck(worse.body)).toMatchObject({ status: 'warn', detail: '1 other service listens on non-loopback addresses' });
    expect(worse.body.listening).toContainEqual({ protocol: 'tcp', address: '0.0.0.0', port: probe.port, process: probe.name });
    const refreshedAt = Date.now();

    for (const who of ['owner', 'manager']) {
      const notes = await securityNotes(who);
      expect(notes.map((n) => [n.type, n.title])).toEqual(expect.arrayContaining([
        ['warning', 'Security check warning: Listening ports'],
        ['warning', `New listening port: TCP ${probe.port}`],
      ]));
    }
    for (const who of ['user', 'viewer']) expect(await securityNotes(who)).toEqual([]);

    await probe.close();
    await sleep(Math.max(0, refreshedAt + 10_500 - Date.now()));
    const better = await http('POST', '/api/security/refresh/', 'owner');
    expect(better.status).toBe(200);
    expect(listeningCheck(better.body).status).toBe('pass');

    for (const who of ['owner', 'manager']) {
      const recovered = (await securityNotes(who)).filter((n) => n.type === 'success');
      expect(recovered.map((n) => [n.title, n.message])).toEqual([
        ['Security check passes again: Listening ports', 'Only Everyst and SSH listen on non-loopback addresses'],
      ]);
    }
    for (const who of ['user', 'viewer']) expect(await securityNotes(who)).toEqual([]);
  }, 60_000);
});
