import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../helpers/wait.js';
import type { Json } from '../helpers/api.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const running = new Set<ChildProcess>();
// A child never outlives the test process.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** An `everyst agent` child process from source, with its JSON log lines. */
export interface AgentProcess {
  pid: number;
  tokenFile: string;
  lines: Json[];
  /** Log lines with this `msg`. */
  logged(msg: string): Json[];
  output(): string;
  writeToken(token: string): void;
  pause(): void;
  resume(): void;
  stop(): Promise<number | null>;
}

export function startAgent(
  server: string, token: string, opts: { env?: Record<string, string>; args?: string[]; namespace?: string; nodeArgs?: string[] } = {},
): AgentProcess {
  const dir = mkdtempSync(join(tmpdir(), 'everyst-agent-'));
  const tokenFile = join(dir, 'token');
  writeFileSync(tokenFile, `${token}\n`, { mode: 0o600 });
  const argv = [...(opts.nodeArgs ?? []), join(ROOT, 'bin', 'everyst.js'), 'agent', '--server', server, '--token-file', tokenFile, ...(opts.args ?? [])];
  const [file, args] = opts.namespace ? ['ip', ['netns', 'exec', opts.namespace, process.execPath, ...argv]] : [process.execPath, argv];
  const child = spawn(file, args, {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', EVERYST_FROM_SOURCE: '1', AGENT_INTERVAL_S: '0.5', ...opts.env },
  });
  running.add(child);
  let out = '';
  const lines: Json[] = [];
  let partial = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    partial += d.toString();
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        // not a log line
      }
    }
  });
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => {
    running.delete(child);
    rmSync(dir, { recursive: true, force: true });
    done(code);
  }));
  return {
    pid: child.pid!, tokenFile, lines,
    logged: (msg) => lines.filter((l) => l.msg === msg),
    output: () => out,
    writeToken: (t) => writeFileSync(tokenFile, `${t}\n`),
    pause: () => void child.kill('SIGSTOP'),
    resume: () => void child.kill('SIGCONT'),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Waits until the agent logged `msg` at least `count` times. */
export async function waitForLog(agent: AgentProcess, msg: string, count = 1, timeoutMs = 20_000): Promise<void> {
  await waitFor(() => agent.logged(msg).length >= count, timeoutMs, `agent log "${msg}" ×${count}\n${agent.output()}`);
}
