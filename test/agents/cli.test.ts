import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SampleBuffer } from '../../src/agent/sample-buffer.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'everyst-agent-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function everyst(args: string[], env: Record<string, string> = {}, input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'everyst.js'), ...args], {
    cwd: ROOT, encoding: 'utf8', timeout: 60_000, input,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', EVERYST_FROM_SOURCE: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('everyst agent (command line)', () => {
  it('--once prints one sample of this host as JSON', () => {
    const r = everyst(['agent', '--once']);
    expect(r.code, r.stderr).toBe(0);
    const sample = JSON.parse(r.stdout);
    expect(typeof sample.cpu_usage).toBe('number');
    expect(Object.keys(sample.extended)).toEqual(['cpu', 'memory', 'swap', 'filesystems', 'disk_io', 'network', 'processes', 'temperatures', 'host']);
  });

  it('--help describes the command; a token on the command line, a missing server or token, and bad variables are refused by name', () => {
    const help = everyst(['agent', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--token-file');
    expect(help.stdout).toContain('--once');

    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, `eva_${'A'.repeat(43)}\n`);
    const argv = everyst(['agent', '--server', 'http://127.0.0.1:9', '--token', 'eva_x']);
    expect(argv.code).toBe(2);
    expect(argv.stderr).toContain('--token-file');
    expect(everyst(['agent', '--token-file', tokenFile]).stderr).toContain('--server');
    const empty = join(dir, 'empty');
    writeFileSync(empty, '\n');
    expect(everyst(['agent', '--server', 'http://127.0.0.1:9', '--token-file', empty]).stderr).toContain('no token');

    const cases: Array<[Record<string, string>, string]> = [
      [{ AGENT_INTERVAL_S: '0' }, 'AGENT_INTERVAL_S'],
      [{ AGENT_INTERVAL_S: 'fast' }, 'AGENT_INTERVAL_S'],
      [{ AGENT_BUFFER_S: '-1' }, 'AGENT_BUFFER_S'],
      [{ AGENT_CA_FILE: join(dir, 'missing.pem') }, 'AGENT_CA_FILE'],
      [{ AGENT_CA_FILE: tokenFile }, 'AGENT_CA_FILE'],
    ];
    for (const [env, name] of cases) {
      const r = everyst(['agent', '--server', 'http://127.0.0.1:9', '--token-file', tokenFile], env);
      expect(r.code, JSON.stringify(env)).toBe(2);
      expect(r.stderr).toContain(`Invalid configuration: ${name}:`);
    }
  });
});

describe('the agent\'s buffer', () => {
  it('keeps at most its capacity, drops the oldest first and counts them, and forgets only what was acknowledged', () => {
    const buffer = new SampleBuffer<number>(3);
    for (const n of [1, 2, 3, 4, 5]) buffer.push(n);
    expect(buffer.dropped).toBe(2);
    const batch = buffer.peek(10, 1_000_000);
    expect(batch.map((b) => b.item)).toEqual([3, 4, 5]);
    buffer.push(6); // arrives while the batch is in flight: the oldest in flight is dropped, the ack still works
    expect(buffer.dropped).toBe(3);
    buffer.ackThrough(batch[batch.length - 1].seq);
    expect(buffer.peek(10, 1_000_000).map((b) => b.item)).toEqual([6]);
    expect(buffer.peek(2, 1).map((b) => b.item)).toEqual([6]); // always at least one
  });
});
