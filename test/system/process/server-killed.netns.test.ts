/**
 * kill -9 of a server mid-scan and mid-tool leaves no child behind: the children get SIGKILL from the kernel
 * when the server dies. Scans and tools may touch 10.213.163.0/24 only; names are not resolved.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestNetwork, describeNetns, type TestNetwork } from '../../helpers/netns.js';
import { scanningProcesses } from '../../network/processes.js';
import { api, registerOwner } from '../../scale/helpers/clients.js';
import { waitFor } from '../../scale/helpers/environment.js';
import { startEverystProcess, type EverystProcess } from '../../scale/helpers/processes.js';
import { isRunning, readCmdline, readProcStat, listPids } from '../../../src/system/process/proc-stat.js';

const SUBNET = 163;
const CIDR = `10.213.${SUBNET}.0/24`;
const PREFIX = `10.213.${SUBNET}.`;
const HOST = `${PREFIX}10`;
const ENV = { SCAN_ALLOWED_NETWORKS: CIDR, SCAN_RESOLVE_NAMES: 'false', SCAN_EXCLUDE_INTERFACES: 'docker*' };

/** Every process below `pid`, by the parent links in /proc. */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of listPids()) {
    const stat = readProcStat(p);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), p]);
  }
  const found: number[] = [];
  const visit = (p: number) => (children.get(p) ?? []).forEach((c) => (found.push(c), visit(c)));
  visit(pid);
  return found;
}

const programOf = (pid: number) => readCmdline(pid)[0]?.split('/').pop() ?? '';

/** Running processes (zombies are dead) whose arguments name the test network: this test's, whatever their parent now. */
function testNetworkProcesses(): string[] {
  const scanners = scanningProcesses(PREFIX);
  const pings = listPids().filter((p) => programOf(p) === 'ping' && readCmdline(p).includes(HOST));
  return [...scanners, ...pings].filter(isRunning).map((p) => `${p} ${readCmdline(p).join(' ')}`);
}

describeNetns('children die with the server that started them (kill -9)', () => {
  let net: TestNetwork;
  let server: EverystProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: SUBNET,
      hosts: [{ octet: 10, mac: '00:1b:21:aa:63:10', listeners: [{ port: 22, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n' }] }],
    });
  });
  afterEach(async () => {
    if (server) await server.crash();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
  afterAll(async () => {
    await net?.destroy();
  });

  const start = async (name: string) => {
    dataDir = mkdtempSync(join(tmpdir(), 'everyst-children-'));
    server = await startEverystProcess('serve', name, { ...ENV, EVERYST_DATA_DIR: dataDir });
    return { running: server, token: await registerOwner(server.url) };
  };

  /** kill -9 the server; resolves with what is still running of what it had started. */
  const killServer = async (running: EverystProcess, started: number[]) => {
    process.kill(running.pid, 'SIGKILL');
    await running.exited;
    server = undefined;
    await new Promise((r) => setTimeout(r, 300));
    return started.filter(isRunning).map((p) => `${p} ${readCmdline(p).join(' ')}`);
  };

  it('a full scan: nmap and every other child are gone after the server is killed', async () => {
    const { running, token } = await start('children-scan');
    const res = await api(running.url, 'POST', '/api/network/scans/start_scan/', token, { scan_type: 'full', ip_range: CIDR });
    expect(res.status).toBe(200);
    const nmap = await waitFor(() => descendants(running.pid).find((p) => programOf(p) === 'nmap'), 60_000, 'nmap started by the server');
    expect(readCmdline(nmap).some((a) => a.startsWith(PREFIX))).toBe(true);
    // The running child is on record in the data directory, for a restart after a crash.
    const record = JSON.parse(readFileSync(join(dataDir, 'processes', `children-${running.pid}.json`), 'utf8'));
    expect(record.children.map((c: { pid: number }) => c.pid)).toContain(nmap);

    const started = descendants(running.pid);
    expect(await killServer(running, started)).toEqual([]);
    expect(testNetworkProcesses()).toEqual([]);
  });

  it('a tool: the ping it runs is gone after the server is killed', async () => {
    const { running, token } = await start('children-tool');
    const answer = api(running.url, 'POST', '/api/tools/ping/', token, { target: HOST }).catch(() => undefined);
    const ping = await waitFor(() => descendants(running.pid).find((p) => programOf(p) === 'ping'), 10_000, 'ping started by the server');
    expect(readCmdline(ping)).toContain(HOST);

    expect(await killServer(running, descendants(running.pid))).toEqual([]);
    expect(testNetworkProcesses()).toEqual([]);
    await answer;
  });
});
