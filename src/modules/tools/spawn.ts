import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';

export const OUTPUT_CAP_BYTES = 262_144;
export const TOOL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ProcessSpec {
  command: string;
  args: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Lines for which this returns true are left out of the output (tools.md §5). */
  dropLine?: (line: string) => boolean;
}

export interface ProcessResult {
  /** stdout and stderr merged line by line in arrival order. */
  output: string;
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  timedOut: boolean;
  truncated: boolean;
  aborted: boolean;
  /** Set when the program could not be started (ENOENT = not installed). */
  spawnError?: NodeJS.ErrnoException;
  durationMs: number;
}

export type ProcessRunner = (spec: ProcessSpec) => Promise<ProcessResult>;

export interface ProcessRunnerOptions {
  /** PATH used to find programs; tests point it elsewhere to simulate a missing binary. */
  searchPath?: string;
  outputCapBytes?: number;
  /** Delay between SIGTERM and SIGKILL of the process group. */
  killGraceMs?: number;
  /** Rewrites what is started, e.g. `ip netns exec <ns> …` around the tool; never sees a shell. */
  wrap?: (command: string, args: readonly string[]) => { command: string; args: string[] };
  spawn?: typeof nodeSpawn;
}

/** Sends a signal to the whole process group of `child` (it leads its own group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** The one way tools start programs: no shell, argument array, minimal environment, own process group. */
export function createProcessRunner(options: ProcessRunnerOptions = {}): ProcessRunner {
  const cap = options.outputCapBytes ?? OUTPUT_CAP_BYTES;
  const grace = options.killGraceMs ?? 2000;
  const spawn = options.spawn ?? nodeSpawn;
  const env = { PATH: options.searchPath ?? TOOL_PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

  return (spec) =>
    new Promise<ProcessResult>((resolve) => {
      const started = Date.now();
      const target = options.wrap ? options.wrap(spec.command, spec.args) : { command: spec.command, args: [...spec.args] };
      const lines: string[] = [];
      const partial = { stdout: '', stderr: '' };
      const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
      let received = 0;
      let truncated = false;
      let timedOut = false;
      let aborted = false;
      let stopping = false;
      let killTimer: NodeJS.Timeout | undefined;
      let finished = false;

      let child: ChildProcess;
      try {
        child = spawn(target.command, target.args, {
          cwd: '/',
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true, // new session and process group, so the whole tree can be killed
          shell: false,
          windowsHide: true,
        });
      } catch (error) {
        // Thrown synchronously for arguments node refuses (e.g. a NUL byte).
        const spawnError = error as NodeJS.ErrnoException;
        resolve({ output: '', exitCode: null, exitSignal: null, timedOut: false, truncated: false, aborted: false, spawnError, durationMs: 0 });
        return;
      }

      const stop = () => {
        if (stopping) return;
        stopping = true;
        killGroup(child, 'SIGTERM');
        killTimer = setTimeout(() => killGroup(child, 'SIGKILL'), grace);
      };

      const pushText = (stream: 'stdout' | 'stderr', text: string) => {
        const pieces = (partial[stream] + text).split('\n');
        partial[stream] = pieces.pop() ?? '';
        for (const line of pieces) if (!spec.dropLine?.(line)) lines.push(line);
      };

      const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
        if (truncated) return;
        let data = chunk;
        if (received + data.length > cap) {
          data = data.subarray(0, cap - received);
          truncated = true;
        }
        received += data.length;
        pushText(stream, decoders[stream].write(data));
        if (truncated) stop();
      };
      child.stdout?.on('data', onData('stdout'));
      child.stderr?.on('data', onData('stderr'));

      const timeout = setTimeout(() => {
        timedOut = true;
        stop();
      }, spec.timeoutMs);
      const onAbort = () => {
        aborted = true;
        stop();
      };
      if (spec.signal?.aborted) onAbort();
      else spec.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (exitCode: number | null, exitSignal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException) => {
        if (finished) return;
        finished = true;
        clearTimeout(timeout);
        clearTimeout(killTimer);
        spec.signal?.removeEventListener('abort', onAbort);
        for (const stream of ['stdout', 'stderr'] as const) {
          const rest = partial[stream] + decoders[stream].end();
          if (rest !== '' && !spec.dropLine?.(rest)) lines.push(rest);
        }
        if (truncated) lines.push(`[output truncated at ${cap} bytes]`);
        resolve({
          output: lines.join('\n'),
          exitCode,
          exitSignal,
          timedOut,
          truncated,
          aborted,
          spawnError,
          durationMs: Date.now() - started,
        });
      };

      child.once('error', (err: NodeJS.ErrnoException) => {
        // 'error' without a pid means the program never started.
        if (child.pid === undefined) finish(null, null, err);
      });
      child.once('exit', () => {
        // Children that inherited the pipes would keep 'close' from coming; reap them.
        setTimeout(() => {
          if (finished) return;
          killGroup(child, 'SIGKILL');
          child.stdout?.destroy();
          child.stderr?.destroy();
          finish(child.exitCode, child.signalCode);
        }, 500).unref();
      });
      child.once('close', (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
    });
}
