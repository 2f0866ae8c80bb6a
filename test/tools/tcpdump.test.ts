import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessRunner } from '../../src/modules/tools/spawn.js';
import { apiError, isRoot, spiedService } from './helpers/service.js';

const run = promisify(execFile);
const user = { userId: 1 };
const ns = `evt-tcpd-${randomBytes(3).toString('hex')}`;

/** Pings 127.0.0.1 inside the namespace, starting after tcpdump has had time to listen. */
function pingInNamespace(count: number): ChildProcess {
  return spawn('sh', ['-c', `sleep 1; exec ip netns exec ${ns} ping -c ${count} -i 0.2 127.0.0.1`], { stdio: 'ignore' });
}

function serviceInNamespace(timeoutMs?: number) {
  return spiedService({
    // Every tool program starts inside the test's namespace, whose only interface is its own lo.
    runProcess: createProcessRunner({ wrap: (command, args) => ({ command: 'ip', args: ['netns', 'exec', ns, command, ...args] }) }),
    listInterfaces: async () => {
      const { stdout } = await run('ip', ['-n', ns, '-o', 'link', 'show']);
      return stdout.split('\n').flatMap((line) => line.match(/^\d+: ([^:@]+)/)?.[1] ?? []);
    },
    timeoutsMs: timeoutMs ? { tcpdump: timeoutMs } : {},
  }).service;
}

describe.skipIf(!isRoot)('tcpdump on the loopback interface of a test namespace', () => {
  beforeAll(async () => {
    await run('ip', ['netns', 'add', ns]);
    await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
  });
  afterAll(async () => {
    await run('ip', ['netns', 'del', ns]).catch(() => undefined);
  });

  it('captures the asked number of packets; the first line is "listening on"', async () => {
    const pinger = pingInNamespace(10);
    try {
      const r = await serviceInNamespace().runTool('tcpdump', { interface: 'lo', count: 4, filter: 'icmp' }, user);
      expect(r.command).toBe('tcpdump -i lo -c 4 -n -l -- icmp');
      expect([r.status, r.exit_code]).toEqual(['success', 0]);
      const lines = r.output.split('\n');
      expect(lines[0]).toMatch(/^listening on lo, link-type EN10MB/);
      const packets = lines.filter((line) => / IP 127\.0\.0\.1 > 127\.0\.0\.1: ICMP echo (request|reply), id \d+, seq \d+, length 64$/.test(line));
      expect(packets).toHaveLength(4);
      expect(r.output).toContain('4 packets captured');
      expect(r.output).not.toContain('verbose output suppressed');
    } finally {
      pinger.kill();
    }
  });

  it('fewer packets than asked before the timeout is a warning', async () => {
    const pinger = pingInNamespace(2);
    try {
      const r = await serviceInNamespace(3000).runTool('tcpdump', { interface: 'lo', count: 50, filter: 'icmp and host 127.0.0.1' }, user);
      expect([r.status, r.exit_code]).toEqual(['warning', null]);
      expect(r.output.split('\n')[0]).toMatch(/^listening on lo/);
      expect(r.output).toMatch(/ICMP echo request/);
      expect(r.output.split('\n').at(-1)).toBe('Command timed out after 3 seconds');
    } finally {
      pinger.kill();
    }
  });

  it('a filter tcpdump cannot compile is an error with its message', async () => {
    const r = await serviceInNamespace().runTool('tcpdump', { interface: 'lo', count: 1, filter: 'port 99999' }, user);
    expect(r.status).toBe('error');
    expect(r.output).toMatch(/tcpdump: .*99999/);
    expect(r.output.split('\n').at(-1)).toBe('Error: command exited with code 1');
  });

  it('an interface of the host that the namespace lacks is refused', async () => {
    const { stdout } = await run('ls', ['/sys/class/net']);
    const hostOnly = stdout.split('\n').find((name) => name !== '' && name !== 'lo');
    if (!hostOnly) return;
    const error = await apiError(serviceInNamespace().runTool('tcpdump', { interface: hostOnly }, user));
    expect(error).toMatchObject({ status: 400, extra: { interface: [`Unknown interface '${hostOnly}'.`] } });
  });
});
