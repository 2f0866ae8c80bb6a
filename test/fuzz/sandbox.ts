/**
 * `everyst serve` inside a network namespace of its own, reached over a veth pair:
 *
 *   root namespace (the fuzzer) veth 10.213.250.1/30 ── 10.213.250.2/30 namespace (the server), lo up, no default route
 *
 * Whatever a fuzzed request makes the server do (a tool run, a scan, an SMTP or webhook test, a name lookup), it
 * can reach only the namespace's own loopback and the fuzzer's end of the pair: nothing leaves the machine. The
 * namespace and the server go away in `stop()`, and at process exit if a test run is cut short.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../helpers/wait.js';

const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
const HOST_SIDE = '10.213.250.1';
const SERVER_SIDE = '10.213.250.2';

export interface Sandbox {
  baseUrl: string;
  dataDir: string;
  /** Everything the server wrote on stdout and stderr (its log lines). */
  output(): string;
  stop(): Promise<void>;
}

const ip = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const ipQuiet = (args: string[]) => {
  try {
    ip(args);
  } catch {
    // already gone
  }
};

export async function startSandboxedServer(env: Record<string, string>): Promise<Sandbox> {
  const namespace = `evf-${process.pid}`;
  const hostVeth = `evf${process.pid}`.slice(0, 15);
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-fuzz-'));
  let child: ChildProcess | null = null;
  const cleanup = () => {
    child?.kill('SIGKILL');
    ipQuiet(['link', 'del', hostVeth]);
    ipQuiet(['netns', 'del', namespace]);
  };
  process.once('exit', cleanup);

  cleanup();
  ip(['netns', 'add', namespace]);
  ip(['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', namespace]);
  ip(['addr', 'add', `${HOST_SIDE}/30`, 'dev', hostVeth]);
  ip(['link', 'set', hostVeth, 'up']);
  ip(['-n', namespace, 'addr', 'add', `${SERVER_SIDE}/30`, 'dev', 'eth0']);
  ip(['-n', namespace, 'link', 'set', 'eth0', 'up']);
  ip(['-n', namespace, 'link', 'set', 'lo', 'up']);

  let out = '';
  let port = 0;
  child = spawn('ip', ['netns', 'exec', namespace, process.execPath, BIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', EVERYST_DATA_DIR: dataDir,
      API_PORT: '0', API_HOST: SERVER_SIDE, LOG_LEVEL: 'info', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (d: Buffer) => {
    out += d.toString();
    port ||= Number(/"port":(\d+)/.exec(out)?.[1] ?? 0);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((done) => child!.once('exit', () => done()));
  await waitFor(() => port > 0 || child!.exitCode !== null, 60_000, 'the sandboxed server to listen');
  if (!port) throw new Error(`the sandboxed server did not start:\n${out}`);

  return {
    baseUrl: `http://${SERVER_SIDE}:${port}`,
    dataDir,
    output: () => out,
    async stop() {
      child!.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      cleanup();
      process.removeListener('exit', cleanup);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
