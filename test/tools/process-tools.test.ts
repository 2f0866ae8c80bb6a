import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/modules/tools/spawn.js';
import { recordingRunner, spiedService } from './helpers/service.js';

const user = { userId: 1 };
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

describe('spawned tools against loopback', () => {
  it('ping 127.0.0.1', async () => {
    const { service } = spiedService();
    const r = await service.runTool('ping', { target: '127.0.0.1' }, user);
    expect(r.status).toBe('success');
    expect(r.command).toBe('ping -4 -c 4 -W 2 -- 127.0.0.1');
    expect(r.exit_code).toBe(0);
    expect(r.output).toMatch(/^PING 127\.0\.0\.1 \(127\.0\.0\.1\)/);
    expect(r.output).toMatch(/64 bytes from 127\.0\.0\.1: icmp_seq=1 ttl=\d+ time=[\d.]+ ms/);
    expect(r.output).toContain('4 packets transmitted, 4 received, 0% packet loss');
    expect(r.output).toMatch(/rtt min\/avg\/max\/mdev = /);
    expect(r.timestamp).toMatch(TIMESTAMP);
    expect([r.tool, r.truncated]).toEqual(['ping', false]);
    expect(r.duration_ms).toBeGreaterThanOrEqual(2000);
  });

  it('traceroute 127.0.0.1', async () => {
    const { service } = spiedService();
    const r = await service.runTool('traceroute', { target: '127.0.0.1' }, user);
    expect(r.status).toBe('success');
    expect(r.command).toBe('traceroute -4 -n -m 15 -w 2 127.0.0.1');
    expect(r.output).toMatch(/^traceroute to 127\.0\.0\.1 \(127\.0\.0\.1\), 15 hops max/);
    expect(r.output).toMatch(/\n 1 +\S+ \(127\.0\.0\.1\)/);
  });

  it('ip route', async () => {
    const { service } = spiedService();
    const r = await service.runTool('ip-route', {}, user);
    expect([r.status, r.command, r.exit_code]).toEqual(['success', 'ip route show', 0]);
    expect(r.output).toMatch(/ dev \S+/);
  });

  it('netstat -tln lists listening TCP sockets', async () => {
    const { service } = spiedService();
    const r = await service.runTool('netstat', { options: '-t -l -n' }, user);
    expect([r.status, r.command]).toEqual(['success', 'netstat -tln']);
    expect(r.output).toMatch(/Proto .*Local Address/);
  });

  it('a run past its timeout keeps its output and ends with the timeout line', async () => {
    const { service } = spiedService({ timeoutsMs: { ping: 1500 } });
    const r = await service.runTool('ping', { target: '127.0.0.1' }, user);
    expect(r.status).toBe('warning');
    expect(r.exit_code).toBeNull();
    expect(r.output).toContain('64 bytes from 127.0.0.1: icmp_seq=1');
    expect(r.output.split('\n').at(-1)).toBe('Command timed out after 1.5 seconds');
    expect(r.duration_ms).toBeLessThan(4000);
  });

  it('a run is stopped when the client goes away', async () => {
    const { service } = spiedService();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const r = await service.runTool('ping', { target: '127.0.0.1' }, user, { signal: controller.signal });
    expect(r.status).toBe('error');
    expect(r.output.split('\n').at(-1)).toBe('Command cancelled');
    expect(r.duration_ms).toBeLessThan(2000);
  });
});

describe('programs that are missing', () => {
  let onlySs: string;
  beforeAll(async () => {
    onlySs = await mkdtemp(join(tmpdir(), 'everyst-path-'));
    await symlink('/usr/bin/ss', join(onlySs, 'ss'));
  });
  afterAll(async () => {
    await rm(onlySs, { recursive: true, force: true });
  });

  it('name their Debian package', async () => {
    const { service } = spiedService({ runProcess: createProcessRunner({ searchPath: onlySs }) });
    const cases = [
      ['ping', { target: '127.0.0.1' }, 'ping', 'iputils-ping'],
      ['traceroute', { target: '127.0.0.1' }, 'traceroute', 'traceroute'],
      ['whois', { target: 'example.com' }, 'whois', 'whois'],
      ['ip-route', {}, 'ip', 'iproute2'],
      ['tcpdump', { interface: 'lo' }, 'tcpdump', 'tcpdump'],
      ['nmap', { target: '127.0.0.1' }, 'nmap', 'nmap'],
    ] as const;
    for (const [tool, body, program, pkg] of cases) {
      const r = await service.runTool(tool, body, user);
      expect(r.output).toBe(`Failed to execute command: ${program} is not installed on the server (Debian package: ${pkg})`);
      expect([r.status, r.exit_code]).toEqual(['error', null]);
    }
  });

  it('netstat falls back to ss', async () => {
    const { service } = spiedService({ runProcess: createProcessRunner({ searchPath: onlySs }) });
    const r = await service.runTool('netstat', { options: 'tln' }, user);
    expect([r.status, r.command, r.exit_code]).toEqual(['success', 'ss -tln', 0]);
    expect(r.output).toMatch(/Local Address:Port/);
  });
});

describe('status from the exit code', () => {
  it('a non-zero exit is an error that keeps the tool output above the error line', async () => {
    const output = 'PING 10.9.9.9 (10.9.9.9) 56(84) bytes of data.\n\n--- 10.9.9.9 ping statistics ---\n4 packets transmitted, 0 received, 100% packet loss, time 3049ms';
    const runner = recordingRunner({ output, exitCode: 1 });
    const { service } = spiedService({ runProcess: runner.run });
    const r = await service.runTool('ping', { target: '10.9.9.9' }, user);
    expect([r.status, r.exit_code]).toEqual(['error', 1]);
    expect(r.output).toBe(`${output}\nError: command exited with code 1`);
  });

  it('a timeout without any output is an error', async () => {
    const runner = recordingRunner({ output: '', exitCode: null, exitSignal: 'SIGTERM', timedOut: true });
    const { service } = spiedService({ runProcess: runner.run });
    const r = await service.runTool('whois', { target: 'example.com' }, user);
    expect([r.status, r.exit_code, r.output]).toEqual(['error', null, 'Command timed out after 20 seconds']);
  });
});
