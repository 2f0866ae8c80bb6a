import type { spawn as nodeSpawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { startChild } from '../../system/process/start-child.js';

export const OUTPUT_CAP_BYTES = 262_144;
export const TOOL_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface ProcessSpec {
  command: string;
  args: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
  /** Lines for which this returns true are left out of the output (tools.md §5). */
  dropLine?: (line: string) => boolean;
  /** Hears each output line (after dropLine) as soon as it is complete, for live output. */
  onLine?: (line: string) => void;
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

/** Tools start programs through the one runner, with a minimal environment; this adds the merged line output. */
export function createProcessRunner(options: ProcessRunnerOptions = {}): ProcessRunner {
  const cap = options.outputCapBytes ?? OUTPUT_CAP_BYTES;
  const grace = options.killGraceMs ?? 2000;
  const env = { PATH: options.searchPath ?? TOOL_PATH, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

  return async (spec) => {
    const started = Date.now();
    const target = options.wrap ? options.wrap(spec.command, spec.args) : { command: spec.command, args: [...spec.args] };
    const lines: string[] = [];
    const partial = { stdout: '', stderr: '' };
    const decoders = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };
    let received = 0;
    let truncated = false;

    const keep = (line: string) => {
      if (spec.dropLine?.(line)) return;
      lines.push(line);
      spec.onLine?.(line);
    };
    const pushText = (stream: 'stdout' | 'stderr', text: string) => {
      const pieces = (partial[stream] + text).split('\n');
      partial[stream] = pieces.pop() ?? '';
      for (const line of pieces) keep(line);
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
      if (truncated) child.stop();
    };

    const child = startChild({
      ...target,
      env,
      cwd: '/',
      timeoutMs: spec.timeoutMs,
      signal: spec.signal,
      killGraceMs: grace,
      onStdout: onData('stdout'),
      onStderr: onData('stderr'),
      spawn: options.spawn,
    });
    const exit = await child.exited;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = partial[stream] + decoders[stream].end();
      if (rest !== '') keep(rest);
    }
    if (truncated) lines.push(`[output truncated at ${cap} bytes]`);
    return {
      output: lines.join('\n'),
      exitCode: exit.code,
      exitSignal: exit.signal,
      timedOut: exit.timedOut,
      truncated,
      aborted: exit.aborted,
      spawnError: exit.spawnError,
      durationMs: Date.now() - started,
    };
  };
}
