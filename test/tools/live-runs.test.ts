import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
import { waitFor } from '../helpers/wait.js';
import { rdata, startDnsResponder, T } from './helpers/dns-responder.js';
import { spiedService } from './helpers/service.js';

/**
 * Live tool runs over Socket.IO (docs/events.md "Live tool runs"), against real ping and traceroute of
 * 127.0.0.1 only.
 */
interface Output { run_id: string; lines: string[]; elapsed_ms: number }
interface Done { run_id: string; result: { output: string; status: string; command: string; exit_code: number | null; duration_ms: number } }
type Ack = Record<string, unknown> & { status: string; run_id?: string };

let t: TestApp;
let port: number;
let user: Session;
let viewer: Session;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1', TOOLS_RATE_PER_MINUTE: '100' });
  port = await t.app.listen();
  const owner = await registerOwner(t.app);
  user = await createUser(t.app, owner, 'liveuser', 'user');
  viewer = await createUser(t.app, owner, 'liveviewer', 'viewer');
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await t.close();
});

async function connect(session: Session): Promise<Socket> {
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], reconnection: false, forceNew: true, auth: { token: session.access } });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Starts a run and records its events with the time each arrived. */
async function startRun(socket: Socket, payload: Record<string, unknown>) {
  const outputs: Array<Output & { at: number }> = [];
  let done: (Done & { at: number }) | undefined;
  const ack = (await socket.timeout(10_000).emitWithAck('run_tool', payload)) as Ack;
  socket.on('tool_output', (e: Output) => { if (e.run_id === ack.run_id) outputs.push({ ...e, at: Date.now() }); });
  socket.on('tool_done', (e: Done) => { if (e.run_id === ack.run_id) done = { ...e, at: Date.now() }; });
  return { ack, outputs, done: () => done };
}

/** Processes whose parent is this test process (the server runs in it) and whose program is `comm`. */
function childrenNamed(comm: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = /\((.*)\)/.exec(stat)?.[1];
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (name === comm && ppid === process.pid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe('live tool runs', () => {
  it('streams a ping of 127.0.0.1 line by line, long before the end, then the REST body', async () => {
    const socket = await connect(user);
    const run = await startRun(socket, { tool: 'ping', body: { target: '127.0.0.1', count: 3 } });
    expect(run.ack).toMatchObject({ status: 'success', tool: 'ping', command: 'ping -4 -c 3 -W 2 -- 127.0.0.1' });
    await waitFor(() => !!run.done(), 15_000, 'tool_done');
    const done = run.done()!;
    const lines = run.outputs.flatMap((o) => o.lines);
    expect(lines[0]).toMatch(/^PING 127\.0\.0\.1/);
    expect(lines.filter((l) => /icmp_seq=\d/.test(l))).toHaveLength(3);
    // The echo replies come a second apart: the first one arrived well before the run ended.
    const firstReply = run.outputs.find((o) => o.lines.some((l) => l.includes('icmp_seq=1')))!;
    expect(done.at - firstReply.at).toBeGreaterThan(1500);
    expect(run.outputs.map((o) => o.elapsed_ms)).toEqual([...run.outputs.map((o) => o.elapsed_ms)].sort((a, b) => a - b));
    expect(run.outputs.at(-1)!.elapsed_ms).toBeGreaterThan(1500);
    expect(done.result).toMatchObject({ status: 'success', exit_code: 0, command: 'ping -4 -c 3 -W 2 -- 127.0.0.1' });
    expect(done.result.output.split('\n')).toEqual(lines);
  });

  it('streams a traceroute of 127.0.0.1', async () => {
    const socket = await connect(user);
    const run = await startRun(socket, { tool: 'traceroute', body: { target: '127.0.0.1' } });
    expect(run.ack.status).toBe('success');
    await waitFor(() => !!run.done(), 30_000, 'tool_done');
    const lines = run.outputs.flatMap((o) => o.lines);
    expect(lines.some((l) => /^\s*1\s+127\.0\.0\.1/.test(l))).toBe(true);
    expect(run.done()!.result.output).toContain('traceroute to 127.0.0.1 (127.0.0.1)');
  });

  it('cancel stops the ping: its process is gone and the run ends as cancelled', async () => {
    const socket = await connect(user);
    const before = new Set(childrenNamed('ping'));
    const run = await startRun(socket, { tool: 'ping', body: { target: '127.0.0.1', count: 15 } });
    await waitFor(() => run.outputs.some((o) => o.lines.some((l) => l.includes('icmp_seq=1'))), 5000, 'first reply');
    const pids = childrenNamed('ping').filter((pid) => !before.has(pid));
    expect(pids).toHaveLength(1);
    const cancelled = (await socket.timeout(5000).emitWithAck('cancel_tool', { run_id: run.ack.run_id })) as Ack;
    expect(cancelled).toMatchObject({ status: 'success', run_id: run.ack.run_id });
    await waitFor(() => !!run.done(), 5000, 'tool_done after cancel');
    expect(existsSync(`/proc/${pids[0]}`)).toBe(false);
    const result = run.done()!.result;
    expect(result.status).toBe('error');
    expect(result.output).toMatch(/Command cancelled$/);
    expect(result.duration_ms).toBeLessThan(8000);
    // A finished run cannot be cancelled again.
    expect(await socket.timeout(5000).emitWithAck('cancel_tool', { run_id: run.ack.run_id })).toMatchObject({ status: 'error', code: 'not_found' });
  });

  it('a closed socket takes its run with it', async () => {
    const socket = await connect(user);
    const before = new Set(childrenNamed('ping'));
    const run = await startRun(socket, { tool: 'ping', body: { target: '127.0.0.1', count: 15 } });
    await waitFor(() => run.outputs.length > 0, 5000, 'first output');
    const [pid] = childrenNamed('ping').filter((p) => !before.has(p));
    expect(pid).toBeGreaterThan(0);
    socket.close();
    await waitFor(() => !existsSync(`/proc/${pid}`), 5000, 'ping gone after disconnect');
  });

  it("another socket cannot cancel a run it did not start", async () => {
    const mine = await connect(user);
    const other = await connect(user);
    const run = await startRun(mine, { tool: 'ping', body: { target: '127.0.0.1', count: 3 } });
    expect(await other.timeout(5000).emitWithAck('cancel_tool', { run_id: run.ack.run_id })).toMatchObject({ status: 'error', code: 'not_found' });
    await waitFor(() => !!run.done(), 15_000, 'tool_done');
    expect(run.done()!.result.status).toBe('success');
  });

  it('only can_run_tools runs tools; nmap also needs can_manage_network', async () => {
    const denied = { status: 'error', code: 'permission_denied', message: 'You do not have permission to perform this action.' };
    const watcher = await connect(viewer);
    expect(await watcher.timeout(5000).emitWithAck('run_tool', { tool: 'ping', body: { target: '127.0.0.1' } })).toMatchObject(denied);
    expect(await watcher.timeout(5000).emitWithAck('cancel_tool', { run_id: 'x' })).toMatchObject(denied);
    const socket = await connect(user);
    expect(await socket.timeout(5000).emitWithAck('run_tool', { tool: 'nmap', body: { target: '127.0.0.1' } })).toMatchObject(denied);
    expect(childrenNamed('nmap')).toEqual([]);
  });

  it('validates as strictly as the REST routes and starts nothing on bad input', async () => {
    const socket = await connect(user);
    const before = childrenNamed('ping').length;
    const ask = (payload: unknown) => socket.timeout(5000).emitWithAck('run_tool', payload) as Promise<Ack>;
    expect(await ask({ tool: 'ping', body: { target: '127.0.0.1; rm -rf /' } })).toMatchObject({ status: 'error', code: 'invalid', target: ['Enter a valid hostname, IPv4 or IPv6 address.'] });
    expect(await ask({ tool: 'ping', body: { target: '-f' } })).toMatchObject({ code: 'invalid', target: expect.any(Array) });
    expect(await ask({ tool: 'ping', body: { target: '127.0.0.1', count: 16 } })).toMatchObject({ code: 'invalid', count: ['Ensure this value is between 1 and 15.'] });
    expect(await ask({ tool: 'ping', body: { target: '127.0.0.1', count: '3 -f' } })).toMatchObject({ code: 'invalid', count: ['Must be an integer.'] });
    expect(await ask({ tool: 'sh', body: {} })).toMatchObject({ code: 'invalid', tool: ['Unknown tool.'] });
    expect(await ask({ tool: 'ping', body: 'x' })).toMatchObject({ status: 'error', code: 'parse_error' });
    expect(await ask({ tool: 'ping', body: { target: '127.0.0.1' }, extra: 1 })).toMatchObject({ status: 'success' });
    expect(childrenNamed('ping').length).toBeLessThanOrEqual(before + 1);
  });

  it('leaves the REST route as it was: count is not one of its fields', async () => {
    const res = await t.app.http.inject({ method: 'POST', url: '/api/tools/ping/', payload: { target: '127.0.0.1', count: 99 }, headers: { authorization: `Bearer ${user.access}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().command).toBe('ping -4 -c 4 -W 2 -- 127.0.0.1');
  });

  it('shows a name target in the live lines as the final output does, resolved only through DNS_SERVERS', async () => {
    const dns = await startDnsResponder(new Map([['loop.test', [{ type: T.A, ttl: 60, data: rdata.a('127.0.0.1') }]]]));
    try {
      const { service } = spiedService({ dnsServers: [dns.address], dnsPort: dns.port });
      const lines: string[] = [];
      const run = await service.startTool('ping', { target: 'loop.test', count: 2 }, { userId: 1 }, { live: true, onLine: (line) => lines.push(line) });
      expect(run.command).toBe('ping -4 -c 2 -W 2 -- 127.0.0.1');
      const result = await run.done;
      expect(lines[0]).toMatch(/^PING loop\.test \(127\.0\.0\.1\)/);
      expect(lines).toContain('--- loop.test ping statistics ---');
      expect(result.output.split('\n')).toEqual(lines);
      expect(dns.log).toContain('loop.test 1 UDP');
      expect(dns.log.every((q) => q.startsWith('loop.test '))).toBe(true);
    } finally {
      await dns.close();
    }
  });
});
