import { basename } from 'node:path';
import { startChild } from '../process/start-child.js';
import { MissingBinaryError } from './binaries.js';

export interface RunOptions {
  /** Aborting sends SIGTERM to the child's process group, SIGKILL `killGraceMs` later; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  killGraceMs?: number;
  /** Called with each decoded stdout chunk as it arrives (for progress). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
  /** Output kept per stream; the rest is dropped (the callbacks still see it). */
  maxOutputChars?: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Runs a program through the one process runner (system/process) and collects its output.
 * A missing program rejects with MissingBinaryError.
 */
export async function runProcess(binary: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal, killGraceMs = 3000, maxOutputChars = 16 * 1024 * 1024 } = options;
  if (signal?.aborted) throw abortReason(signal);
  const output = { stdout: '', stderr: '' };
  const decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  const collect = (stream: 'stdout' | 'stderr', callback?: (chunk: string) => void) => (chunk: Buffer) => {
    const text = decoders[stream].decode(chunk, { stream: true });
    if (text === '') return; // only part of a character so far
    if (output[stream].length < maxOutputChars) output[stream] += text;
    callback?.(text);
  };
  const exit = await startChild({
    command: binary,
    args,
    signal,
    killGraceMs,
    onStdout: collect('stdout', options.onStdout),
    onStderr: collect('stderr', options.onStderr),
  }).exited;
  if (exit.spawnError) throw exit.spawnError.code === 'ENOENT' ? new MissingBinaryError(basename(binary)) : exit.spawnError;
  if (signal?.aborted) throw abortReason(signal);
  return { code: exit.code, signal: exit.signal, stdout: output.stdout, stderr: output.stderr };
}
