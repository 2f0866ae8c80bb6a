/**
 * Builds a throw-away test network out of network namespaces:
 *
 *   root namespace (the "server")  veth-evXXXXX 10.213.S.1/24
 *        │
 *   switch namespace (bridge br0) ─── host namespaces, eth0 10.213.S.N/24 with the MAC you choose
 *        └── optional router namespace 10.213.S.254 ── second switch ── routed hosts 10.213.R.N/24
 *
 * Hosts get no default route, so nothing they send can leave the test network. Everything is removed by
 * `destroy()` (call it in afterAll), at process exit, and — for namespaces of dead test processes — by the
 * next run. Needs root and iproute2; use `netnsSkipReason()` to skip otherwise.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { describe } from 'vitest';

export interface ListenerSpec {
  port: number;
  /** Sent as soon as a client connects (e.g. an SSH banner). */
  banner?: string;
  /** Sent after the first data from the client, then the socket is closed (e.g. an HTTP response). */
  reply?: string;
}

export interface HostSpec {
  /** Last octet of the host's address. */
  octet: number;
  mac: string;
  listeners?: ListenerSpec[];
  /** Do not answer ICMP echo (a host only a TCP probe can find). */
  ignorePing?: boolean;
}

export interface TestNetworkOptions {
  /** Third octet of the attached LAN 10.213.<subnet>.0/24; choose one per test file. */
  subnet: number;
  hosts: HostSpec[];
  /** A second LAN behind a router namespace, reachable from the root namespace by a route. */
  routed?: { subnet: number; routerMac: string; hosts: HostSpec[] };
}

export interface TestHost {
  namespace: string;
  ip: string;
  mac: string;
}

export interface TestNetwork {
  cidr: string;
  serverIp: string;
  serverInterface: string;
  serverMac: string;
  hosts: TestHost[];
  routed?: { cidr: string; routerIp: string; routerLanIp: string; routerMac: string; hosts: TestHost[] };
  /** Every namespace this network created. */
  namespaces: string[];
  startListener(namespace: string, listener: ListenerSpec, address?: string): Promise<void>;
  /** Runs a Node script inside a namespace until destroy(); resolves once it prints its first line. */
  startScript(namespace: string, script: string, args?: string[]): Promise<void>;
  destroy(): Promise<void>;
}

const PREFIX = 'evt';
const LISTENER_SCRIPT = `
const net = require('node:net');
const [port, host, banner, reply] = process.argv.slice(1);
const server = net.createServer((socket) => {
  socket.on('error', () => {});
  if (banner) socket.write(banner);
  socket.once('data', () => { if (reply) socket.end(reply); });
});
server.listen(Number(port), host, () => console.log('ready'));
process.on('SIGTERM', () => process.exit(0));
`;

function ip(args: string[]): string {
  try {
    return execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`ip ${args.join(' ')} failed: ${stderr.trim() || (error as Error).message}`);
  }
}

function ipQuiet(args: string[]): void {
  try {
    ip(args);
  } catch {
    // cleanup of something already gone
  }
}

function namespacePids(namespace: string): number[] {
  try {
    return ip(['netns', 'pids', namespace]).split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

let cachedSkipReason: string | null | undefined;

/** Why namespace tests cannot run here, or null when they can. */
export function netnsSkipReason(): string | null {
  if (cachedSkipReason !== undefined) return cachedSkipReason;
  if (process.getuid?.() !== 0) return (cachedSkipReason = 'network namespace tests need root');
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some(existsSync)) {
    return (cachedSkipReason = 'network namespace tests need `ip` (Debian package: iproute2)');
  }
  const probe = `${PREFIX}-${process.pid}-probe`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'pipe' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'pipe' });
    cachedSkipReason = null;
  } catch (error) {
    cachedSkipReason = `cannot create network namespaces: ${(error as Error).message.split('\n')[0]}`;
  }
  return cachedSkipReason;
}

/** `describe` that is skipped, with the reason in its title and on stderr, when namespaces are unavailable. */
export function describeNetns(name: string, body: () => void): void {
  const reason = netnsSkipReason();
  if (reason) console.warn(`[skip] ${name}: ${reason}`);
  describe.skipIf(reason !== null)(reason ? `${name} (skipped: ${reason})` : name, body);
}

/** Deletes namespaces left behind by test processes that no longer run. */
export function removeStaleNamespaces(): void {
  const names = existsSync('/run/netns') ? readdirSync('/run/netns') : [];
  for (const name of names) {
    const match = new RegExp(`^${PREFIX}-(\\d+)-`).exec(name);
    if (!match || isAlive(Number(match[1]))) continue;
    for (const pid of namespacePids(name)) killQuietly(pid);
    ipQuiet(['netns', 'del', name]);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function assertSubnetFree(subnet: number): void {
  const routes = readFileSync('/proc/net/route', 'utf8').split('\n').slice(1);
  const wanted = (10 | (213 << 8) | (subnet << 16)) >>> 0;
  for (const line of routes) {
    const [, destination, , , , , , mask] = line.trim().split(/\s+/);
    if (!destination || !mask) continue;
    const m = parseInt(mask, 16) >>> 0;
    if (m !== 0 && ((parseInt(destination, 16) >>> 0) & m) === (wanted & m)) {
      throw new Error(`10.213.${subnet}.0/24 overlaps a route that already exists; choose another subnet`);
    }
  }
}

export async function createTestNetwork(options: TestNetworkOptions): Promise<TestNetwork> {
  removeStaleNamespaces();
  assertSubnetFree(options.subnet);
  if (options.routed) assertSubnetFree(options.routed.subnet);
  const tag = `${PREFIX}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const rootVeth = `veth-ev${randomBytes(3).toString('hex').slice(0, 5)}`;
  const namespaces: string[] = [];
  const listeners: ChildProcess[] = [];

  const cleanupSync = () => {
    for (const child of listeners.splice(0)) child.kill('SIGKILL');
    for (const ns of namespaces.splice(0).reverse()) {
      for (const pid of namespacePids(ns)) killQuietly(pid);
      ipQuiet(['netns', 'del', ns]);
    }
    if (existsSync(`/sys/class/net/${rootVeth}`)) ipQuiet(['link', 'del', rootVeth]);
  };
  process.once('exit', cleanupSync);

  const addNamespace = (suffix: string): string => {
    const ns = `${tag}-${suffix}`;
    ip(['netns', 'add', ns]);
    namespaces.push(ns);
    ip(['-n', ns, 'link', 'set', 'lo', 'up']);
    return ns;
  };
  const addSwitch = (suffix: string): string => {
    const ns = addNamespace(suffix);
    ip(['-n', ns, 'link', 'add', 'br0', 'type', 'bridge']);
    ip(['-n', ns, 'link', 'set', 'br0', 'up']);
    return ns;
  };
  let port = 0;
  /** A namespace wired to a switch: `eth0` with the given MAC and address, no default route. */
  const addHost = (sw: string, suffix: string, address: string, mac: string, device = 'eth0'): string => {
    const ns = namespaces.includes(`${tag}-${suffix}`) ? `${tag}-${suffix}` : addNamespace(suffix);
    const swPort = `p${port++}`;
    ip(['-n', sw, 'link', 'add', swPort, 'type', 'veth', 'peer', 'name', device, 'netns', ns]);
    ip(['-n', sw, 'link', 'set', swPort, 'master', 'br0', 'up']);
    ip(['-n', ns, 'link', 'set', device, 'address', mac]);
    ip(['-n', ns, 'addr', 'add', `${address}/24`, 'dev', device]);
    ip(['-n', ns, 'link', 'set', device, 'up']);
    return ns;
  };

  const startScript = (namespace: string, script: string, args: string[] = []): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = spawn('ip', ['netns', 'exec', namespace, process.execPath, '-e', script, ...args],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      listeners.push(child);
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      createInterface({ input: child.stdout! }).once('line', () => resolve());
      child.once('exit', (code) => reject(new Error(`script in ${namespace} exited (${code}): ${stderr}`)));
    });
  const startListener = (namespace: string, spec: ListenerSpec, address = '0.0.0.0'): Promise<void> =>
    startScript(namespace, LISTENER_SCRIPT, [String(spec.port), address, spec.banner ?? '', spec.reply ?? '']);

  try {
    const base = `10.213.${options.subnet}`;
    const sw = addSwitch('sw');
    ip(['link', 'add', rootVeth, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', sw]);
    ip(['-n', sw, 'link', 'set', 'uplink', 'master', 'br0', 'up']);
    // The root side talks IPv4 only: no router solicitations or MLD reports from the host's namespace.
    writeFileSync(`/proc/sys/net/ipv6/conf/${rootVeth}/disable_ipv6`, '1');
    ip(['addr', 'add', `${base}.1/24`, 'dev', rootVeth]);
    ip(['link', 'set', rootVeth, 'up']);
    const serverMac = readFileSync(`/sys/class/net/${rootVeth}/address`, 'utf8').trim();

    const hosts = options.hosts.map((h, i) => ({
      namespace: addHost(sw, `h${i}`, `${base}.${h.octet}`, h.mac), ip: `${base}.${h.octet}`, mac: h.mac,
    }));

    let routed: TestNetwork['routed'];
    if (options.routed) {
      const rBase = `10.213.${options.routed.subnet}`;
      const sw2 = addSwitch('sw2');
      const router = addHost(sw, 'r', `${base}.254`, options.routed.routerMac, 'lan0');
      addHost(sw2, 'r', `${rBase}.1`, options.routed.routerMac, 'lan1');
      // Forward, and answer traceroute promptly (no ICMP rate limit inside the test network).
      ip(['netns', 'exec', router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv4.icmp_ratelimit=0']);
      ip(['route', 'add', `${rBase}.0/24`, 'via', `${base}.254`, 'dev', rootVeth]);
      const routedHosts = options.routed.hosts.map((h, i) => {
        const ns = addHost(sw2, `rh${i}`, `${rBase}.${h.octet}`, h.mac);
        ip(['-n', ns, 'route', 'add', `${base}.0/24`, 'via', `${rBase}.1`]);
        return { namespace: ns, ip: `${rBase}.${h.octet}`, mac: h.mac };
      });
      routed = { cidr: `${rBase}.0/24`, routerIp: `${rBase}.1`, routerLanIp: `${base}.254`,
        routerMac: options.routed.routerMac, hosts: routedHosts };
    }

    const all = [...options.hosts.map((h, i) => [hosts[i], h] as const),
      ...(options.routed?.hosts ?? []).map((h, i) => [routed!.hosts[i], h] as const)];
    for (const [host, spec] of all) {
      if (spec.ignorePing) ip(['netns', 'exec', host.namespace, 'sysctl', '-q', '-w', 'net.ipv4.icmp_echo_ignore_all=1']);
      for (const listener of spec.listeners ?? []) await startListener(host.namespace, listener);
    }

    return {
      cidr: `${base}.0/24`, serverIp: `${base}.1`, serverInterface: rootVeth, serverMac, hosts, routed, namespaces: [...namespaces],
      startListener,
      startScript,
      async destroy() {
        cleanupSync();
        process.removeListener('exit', cleanupSync);
      },
    };
  } catch (error) {
    cleanupSync();
    process.removeListener('exit', cleanupSync);
    throw error;
  }
}
