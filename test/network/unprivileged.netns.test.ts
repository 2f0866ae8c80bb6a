/**
 * The server run as a dedicated non-root user (created here), as the systemd unit and the container image run it,
 * scanning a namespace LAN (10.213.220.0/24) three ways: with CAP_NET_RAW + CAP_NET_ADMIN as ambient capabilities
 * (deploy/systemd/everyst.service), with file capabilities on nmap and arp-scan (the Dockerfile's setcap; here on
 * copies bind-mounted over the real programs in a private mount namespace, so the machine's programs are never
 * changed), and with none: that scan still completes and says what it could not do.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { findBinary } from '../../src/system/network/binaries.js';
import { OS_DETECTION_SKIPPED_WARNING } from '../../src/system/network/nmap-args.js';
import { ARP_SCAN_SKIPPED_WARNING } from '../../src/system/network/probe-hosts.js';
import { OWNER_PASSWORD } from '../helpers/factories.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../helpers/netns.js';
import { freePort } from '../helpers/ports.js';
import { sleep } from '../helpers/wait.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SUBNET = 220;
const CIDR = `10.213.${SUBNET}.0/24`;
const ip = (octet: number) => `10.213.${SUBNET}.${octet}`;
const HOSTS = [
  { octet: 10, mac: '00:1b:21:aa:dc:10', listeners: [{ port: 22, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' }] },
  { octet: 11, mac: 'b8:27:eb:aa:dc:11', listeners: [{ port: 80, reply: 'HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok' }] },
];
const RAW_CAPS = '+net_raw,+net_admin';
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describeNetns('a non-root server scanning a LAN, with and without capabilities', () => {
  const user = `evscan${process.pid}`;
  let uid = 0;
  let gid = 0;
  let work = '';
  let net: TestNetwork;
  let server: ChildProcess | undefined;
  let log = '';

  beforeAll(async () => {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
    gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
    work = mkdtempSync(join(tmpdir(), 'everyst-unprivileged-'));
    chmodSync(work, 0o755);
    net = await createTestNetwork({ subnet: SUBNET, hosts: HOSTS });
  }, 30_000);
  afterAll(async () => {
    await stop();
    await net?.destroy();
    if (work) rmSync(work, { recursive: true, force: true });
    try {
      execFileSync('userdel', ['--force', user], { stdio: 'ignore' });
    } catch {
      // not created
    }
  });

  async function stop(): Promise<void> {
    const child = server;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Starts `everyst serve` (from the sources) as the user, through `launcher` (argv before node), on a fresh data folder. */
  async function start(name: string, launcher: string[]): Promise<{ url: string; access: string }> {
    const data = join(work, name);
    mkdirSync(data);
    chownSync(data, uid, gid);
    const port = await freePort();
    const env = {
      PATH: process.env.PATH!, HOME: data, EVERYST_FROM_SOURCE: '1', EVERYST_DATA_DIR: data, API_HOST: '127.0.0.1', API_PORT: String(port),
      SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false', SCAN_EXCLUDE_INTERFACES: 'docker*', LOG_LEVEL: 'warn',
    };
    const argv = [...launcher, process.execPath, join(ROOT, 'bin/everyst.js'), 'serve'];
    // Without a launcher the process itself becomes the user (no capabilities at all).
    server = spawn(argv[0], argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...(launcher.length ? {} : { uid, gid }) });
    log = '';
    server.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (log += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    const until = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${url}/api/health/`).then((r) => r.ok, () => false);
      if (ok) break;
      if (server.exitCode !== null || Date.now() > until) throw new Error(`server did not start: ${log}`);
      await sleep(200);
    }
    const status = execFileSync('cat', [`/proc/${server.pid}/status`], { encoding: 'utf8' });
    expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));
    const registered = await call(url, 'POST', '/api/auth/register/', null, { username: 'owner', email: 'owner@example.com', password: OWNER_PASSWORD });
    expect(registered.status).toBe(201);
    return { url, access: registered.body.access };
  }

  async function call(url: string, method: string, path: string, access: string | null, body?: unknown): Promise<{ status: number; body: Json }> {
    const res = await fetch(`${url}${path}`, {
      method, body: body === undefined ? undefined : JSON.stringify(body),
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(access ? { authorization: `Bearer ${access}` } : {}) },
    }).catch((error: unknown) => {
      throw new Error(`${method} ${path}: ${(error as Error).message}; server exit ${server?.exitCode} ${server?.signalCode}\n${log}`);
    });
    return { status: res.status, body: (await res.json()) as Json };
  }

  /** A basic scan with OS detection, polled until it ends; then the devices it saved. */
  async function scan(session: { url: string; access: string }): Promise<{ scan: Json; devices: Record<string, Json> }> {
    const started = await call(session.url, 'POST', '/api/network/scans/start_scan/', session.access,
      { ip_range: CIDR, scan_type: 'basic', include_os_detection: true });
    expect(started.body, JSON.stringify(started.body)).toMatchObject({ status: 'success' });
    const until = Date.now() + 120_000;
    let current: Json;
    for (;;) {
      current = (await call(session.url, 'GET', `/api/network/scans/${started.body.scan_id}/`, session.access)).body;
      if (!['queued', 'in-progress'].includes(current.status)) break;
      if (Date.now() > until) throw new Error(`scan still ${current.status}`);
      await sleep(300);
    }
    const list = (await call(session.url, 'GET', '/api/network/devices/?page_size=500', session.access)).body.results as Json[];
    return { scan: current, devices: Object.fromEntries(list.map((d) => [d.ip, d])) };
  }

  const expectHostsWithMacs = (devices: Record<string, Json>) => {
    for (const host of HOSTS) expect(devices[ip(host.octet)], ip(host.octet)).toMatchObject({ mac: host.mac, status: 'online' });
    expect(devices[ip(10)].metadata.ports.map((p: Json) => p.port)).toEqual([22]);
    expect(devices[ip(11)].metadata.ports.map((p: Json) => p.port)).toEqual([80]);
  };

  it('with ambient CAP_NET_RAW + CAP_NET_ADMIN (the systemd unit), ARP scan and OS detection run', async () => {
    const session = await start('ambient', [findBinary('setpriv')!, `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups',
      `--inh-caps=${RAW_CAPS}`, `--ambient-caps=${RAW_CAPS}`, '--']);
    const { scan: done, devices } = await scan(session);
    expect(done).toMatchObject({ status: 'completed', errorMessage: null, warning: null, discoveredDevices: 3 });
    expectHostsWithMacs(devices);
    await stop();
  }, 180_000);

  it('with file capabilities on nmap and arp-scan (the image), ARP scan and OS detection run', async () => {
    const programs = { nmap: findBinary('nmap')!, 'arp-scan': findBinary('arp-scan')! };
    const copies = join(work, 'programs');
    mkdirSync(copies);
    chmodSync(copies, 0o755);
    const mounts: string[] = [];
    for (const [name, path] of Object.entries(programs)) {
      const copy = join(copies, name);
      copyFileSync(path, copy);
      chmodSync(copy, 0o755);
      // As the Dockerfile: CAP_NET_RAW only.
      execFileSync('setcap', ['cap_net_raw+eip', copy]);
      mounts.push(copy, path);
    }
    // In a private mount namespace: bind the copies over the programs, then become the user without capabilities.
    const bindThenExec = `
      const { execFileSync } = require('node:child_process');
      const [mounts, ...command] = [JSON.parse(process.argv[1]), ...process.argv.slice(2)];
      for (let i = 0; i < mounts.length; i += 2) execFileSync('mount', ['--bind', mounts[i], mounts[i + 1]]);
      process.execve(command[0], command);`;
    const session = await start('file-caps', [findBinary('unshare')!, '--mount', '--propagation', 'private', '--', process.execPath,
      '-e', bindThenExec, JSON.stringify(mounts), findBinary('setpriv')!, `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--']);
    const { scan: done, devices } = await scan(session);
    expect(done).toMatchObject({ status: 'completed', errorMessage: null, warning: null, discoveredDevices: 3 });
    expectHostsWithMacs(devices);
    await stop();
  }, 180_000);

  it('without capabilities the scan still completes, finds the hosts, and says OS detection and ARP scan were skipped', async () => {
    const session = await start('none', []);
    const { scan: done, devices } = await scan(session);
    expect(done).toMatchObject({ status: 'completed', errorMessage: null, discoveredDevices: 3 });
    expect(done.warning.split('; ').sort()).toEqual([ARP_SCAN_SKIPPED_WARNING, OS_DETECTION_SKIPPED_WARNING].sort());
    // fping (its own file capability) found them; the kernel's neighbour table gave the MACs; connect scans the ports.
    expectHostsWithMacs(devices);
    for (const host of HOSTS) expect(devices[ip(host.octet)].metadata.last_scan_id).toBe(done.id);
    await stop();
  }, 180_000);
});
