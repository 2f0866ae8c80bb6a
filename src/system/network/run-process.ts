import { spawn } from 'node:child_process';
import { basename } from 'node:path';
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
 * Runs a program without a shell, in its own process group so that cancelling also ends its children.
 * A missing program rejects with MissingBinaryError.
 */
export function runProcess(binary: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const { signal, killGraceMs = 3000, maxOutputChars = 16 * 1024 * 1024 } = options;
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortReason(signal));
    const child = spawn(binary, [...args], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    let spawnError: Error | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < maxOutputChars) stdout += chunk;
      options.onStdout?.(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < maxOutputChars) stderr += chunk;
      options.onStderr?.(chunk);
    });
    const killGroup = (sig: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, sig);
      } catch {
        // the group is already gone
      }
    };
    const onAbort = () => {
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), killGraceMs);
      killTimer.unref();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (error: NodeJS.ErrnoException) => {
      spawnError = error.code === 'ENOENT' ? new MissingBinaryError(basename(binary)) : error;
    });
    child.on('close', (code, exitSignal) => {
      signal?.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      if (spawnError) return reject(spawnError);
      if (signal?.aborted) return reject(abortReason(signal));
      resolve({ code, signal: exitSignal, stdout, stderr });
    });
  });
}
