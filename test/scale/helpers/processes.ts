import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TEST_SECRET } from '../../helpers/app.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const LOG_DIR = join(tmpdir(), 'everyst-scale-logs');

/** An `everyst serve` or `everyst worker` child process running from source. */
export interface EverystProcess {
  name: string;
  pid: number;
  /** The API port (serve only). */
  port: number;
  url: string;
  /** Everything it printed so far (JSON log lines), for failure messages. */
  output(): string;
  /** Names of the processes it started that still run (e.g. `nmap`). */
  children(): string[];
  /** SIGKILL the process and the child processes it started (nmap, fping): a crash, nothing finishes. */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit (SIGKILL after 30 s). */
  stop(): Promise<number | null>;
  exited: Promise<number | null>;
}

/** Process ids of the children (and their children) of `pid`, from /proc. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const found: number[] = [];
  const visit = (p: number) => (parents.get(p) ?? []).forEach((c) => {
    found.push(c);
    visit(c);
  });
  visit(pid);
  return found;
}

/**
 * Starts `everyst <command>` with the common test environment plus `env`; resolves once it is ready. With
 * `namespace`, it runs inside that network namespace (`ip netns exec` execs it, so `pid` is still its own).
 */
export async function startEverystProcess(
  command: 'serve' | 'worker', name: string, env: Record<string, string>, args: string[] = [], options: { namespace?: string } = {},
): Promise<EverystProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-scale-'));
  const argv = [join(ROOT, 'bin', 'everyst.js'), command, ...args];
  const [file, fileArgs] = options.namespace ? ['ip', ['netns', 'exec', options.namespace, process.execPath, ...argv]] : [process.execPath, argv];
  const child: ChildProcess = spawn(file, fileArgs, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', HOME: process.env.HOME ?? '/root',
      EVERYST_FROM_SOURCE: '1', EVERYST_DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'info',
      EVERYST_INSTANCE_NAME: name, API_HOST: '127.0.0.1', API_PORT: '0', SCAN_RESOLVE_NAMES: 'false',
      SECURITY_CHECK_MINUTES: '0', ...env,
    },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => {
    rmSync(dataDir, { recursive: true, force: true });
    // Kept for a look after a failure: <tmp>/everyst-scale-logs/<name>.log
    mkdirSync(LOG_DIR, { recursive: true });
    writeFileSync(join(LOG_DIR, `${name}.log`), out);
    done(code);
  }));
  const readyLine = command === 'serve' ? /"port":(\d+)[^\n]*"msg":"Everyst listening on port/ : /"msg":"Everyst scan worker started"/;
  const port = await new Promise<number>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${START_TIMEOUT_MS} ms:\n${out}`)), START_TIMEOUT_MS);
    const check = setInterval(() => {
      const match = readyLine.exec(out);
      if (!match) return;
      clearInterval(check);
      clearTimeout(timer);
      ready(Number(match[1] ?? 0));
    }, 50);
    void exited.then((code) => {
      clearInterval(check);
      clearTimeout(timer);
      fail(new Error(`${name} exited (${code}) before it was ready:\n${out}`));
    });
  });
  const pid = child.pid!;
  return {
    name, pid, port, url: `http://127.0.0.1:${port}`, exited,
    output: () => out,
    children: () => descendants(pid).map((c) => {
      try {
        return readFileSync(`/proc/${c}/comm`, 'utf8').trim();
      } catch {
        return '';
      }
    }).filter(Boolean),
    async crash() {
      const children = descendants(pid);
      child.kill('SIGKILL');
      for (const c of children) {
        try {
          process.kill(c, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
