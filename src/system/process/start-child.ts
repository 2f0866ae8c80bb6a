import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { trackChild, untrackChild, killGroup } from './children.js';
import { checkExecutable } from './executable.js';
import { withParentDeathSignal } from './parent-death.js';

export interface ChildOptions {
  command: string;
  /** Passed as they are: no shell ever sees them. */
  args: readonly string[];
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Stops the child (as `stop()` does) after this long. */
  timeoutMs?: number;
  /** Aborting stops the child (as `stop()` does). */
  signal?: AbortSignal;
  /** Delay between SIGTERM and SIGKILL of the process group. */
  killGraceMs: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
  /** Test seam. */
  spawn?: typeof nodeSpawn;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  /** Set when the program could not be started (ENOENT = not installed). */
  spawnError?: NodeJS.ErrnoException;
}

export interface RunningChild {
  /** Undefined when the program could not be started. */
  readonly pid: number | undefined;
  /** SIGTERM to the whole process group, SIGKILL `killGraceMs` later. */
  stop(): void;
  readonly exited: Promise<ChildExit>;
}

/** How long after the child's exit its pipes may stay open (a descendant holding them) before the group is killed. */
const PIPE_DRAIN_MS = 500;

/**
 * The one way the server and the worker start programs: no shell, the argument array as given, standard input
 * from /dev/null, a new session and process group (so stopping ends the child's own children too), SIGKILL
 * from the kernel if this process dies, and a record of the running child so a crash leaves nothing behind.
 */
export function startChild(options: ChildOptions): RunningChild {
  const spawn = options.spawn ?? nodeSpawn;
  const env = options.env ?? process.env;
  const state = { timedOut: false, aborted: false, stopping: false, finished: false };
  let resolveExit!: (exit: ChildExit) => void;
  const exited = new Promise<ChildExit>((resolve) => (resolveExit = resolve));
  const failed = (spawnError: NodeJS.ErrnoException): RunningChild => {
    resolveExit({ code: null, signal: null, timedOut: false, aborted: false, spawnError });
    return { pid: undefined, stop: () => undefined, exited };
  };

  const missing = checkExecutable(options.command, env.PATH ?? '');
  if (missing) return failed(missing);
  const target = withParentDeathSignal(options.command, options.args);
  let child: ChildProcess;
  try {
    child = spawn(target.command, target.args, {
      cwd: options.cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // new session and process group, so the whole tree can be killed
      shell: false,
      windowsHide: true,
    });
  } catch (error) {
    // Thrown synchronously for arguments node refuses (e.g. a NUL byte).
    return failed(error as NodeJS.ErrnoException);
  }
  const pid = child.pid;
  if (pid !== undefined) trackChild(pid, options.command);

  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    if (state.stopping || state.finished || pid === undefined) return;
    state.stopping = true;
    killGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), options.killGraceMs);
  };
  const timeout = options.timeoutMs === undefined ? undefined : setTimeout(() => {
    state.timedOut = true;
    stop();
  }, options.timeoutMs);
  const onAbort = () => {
    state.aborted = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  if (options.onStdout) child.stdout?.on('data', options.onStdout);
  else child.stdout?.resume();
  if (options.onStderr) child.stderr?.on('data', options.onStderr);
  else child.stderr?.resume();

  const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: NodeJS.ErrnoException) => {
    if (state.finished) return;
    state.finished = true;
    clearTimeout(timeout);
    clearTimeout(killTimer);
    options.signal?.removeEventListener('abort', onAbort);
    if (pid !== undefined) untrackChild(pid);
    resolveExit({ code, signal, timedOut: state.timedOut, aborted: state.aborted, spawnError });
  };
  child.once('error', (error: NodeJS.ErrnoException) => {
    // 'error' without a pid means the program never started.
    if (pid === undefined) finish(null, null, error);
  });
  child.once('exit', () => {
    // Descendants that inherited the pipes would keep 'close' from coming; end them.
    setTimeout(() => {
      if (state.finished) return;
      if (pid !== undefined) killGroup(pid, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      finish(child.exitCode, child.signalCode);
    }, PIPE_DRAIN_MS).unref();
  });
  child.once('close', (code: number | null, signal: NodeJS.Signals | null) => finish(code, signal));
  return { pid, stop, exited };
}
