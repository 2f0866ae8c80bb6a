import { api, ApiError } from './api.ts';
import { emitWithAck, onEvent, socketStatus } from './socket.ts';

export interface ToolResult { output: string; status: 'success' | 'error' | 'warning'; timestamp: string; command?: string; duration_ms?: number; truncated?: boolean }
interface OutputEvent { run_id: string; lines: string[]; elapsed_ms: number }
interface DoneEvent { run_id: string; result: ToolResult | null; error?: string }
type Ack = Record<string, unknown> & { status: string; message?: string; code?: string; run_id?: string; command?: string | null };

export interface RunCallbacks {
  /** The command the server runs, once it accepted the run. */
  onStart: (command: string | null) => void;
  onLines: (lines: string[], elapsedMs: number) => void;
}

export interface ToolRun {
  /** Resolves with the REST route's 200 body; rejects with an ApiError like the route's. */
  done: Promise<ToolResult>;
  cancel: () => void;
}

/** An error ack as the ApiError a REST answer would give: field lists stay next to their fields. */
function ackError(ack: Ack): ApiError {
  const fields = Object.fromEntries(Object.entries(ack).filter(([, v]) => Array.isArray(v) && v.every((m) => typeof m === 'string'))) as Record<string, string[]>;
  const status = ack.code === 'invalid' || ack.code === 'parse_error' ? 400 : ack.code === 'permission_denied' ? 403 : ack.code === 'throttled' ? 429 : 500;
  return new ApiError(status, ack.message ?? 'Request failed.', fields, ack.code);
}

/**
 * Runs a tool live over the socket (`run_tool`, docs/events.md "Live tool runs"): output arrives line by line and
 * cancel stops the server's process. Without a connected socket the REST route runs it, and cancel drops the request,
 * which stops the process too.
 */
export function runTool(tool: string, body: Record<string, unknown>, callbacks: RunCallbacks): ToolRun {
  if (socketStatus.get() !== 'connected') {
    const controller = new AbortController();
    callbacks.onStart(null);
    return { done: api<ToolResult>(`tools/${tool}/`, { method: 'POST', body, signal: controller.signal }), cancel: () => controller.abort() };
  }
  let runId: string | null = null;
  let cancelled = false;
  const stopListening: Array<() => void> = [];
  const done = new Promise<ToolResult>((resolve, reject) => {
    stopListening.push(onEvent('tool_output', (p) => {
      const e = p as OutputEvent;
      if (e.run_id === runId) callbacks.onLines(e.lines, e.elapsed_ms);
    }));
    stopListening.push(onEvent('tool_done', (p) => {
      const e = p as DoneEvent;
      if (e.run_id !== runId) return;
      if (e.result) resolve(e.result);
      else reject(new Error(e.error ?? 'The run failed.'));
    }));
    // The server stops a run whose socket went away, so a lost connection ends it here too.
    stopListening.push(socketStatus.subscribe((status) => {
      if (status !== 'connected') reject(new Error('The live connection was lost; the run was stopped.'));
    }));
    emitWithAck<Ack>('run_tool', { tool, body }).then((ack) => {
      if (ack.status !== 'success') return reject(ackError(ack));
      runId = ack.run_id ?? null;
      callbacks.onStart(ack.command ?? null);
      if (cancelled) void emitWithAck('cancel_tool', { run_id: runId });
    }, reject);
  }).finally(() => stopListening.forEach((stop) => stop()));
  return {
    done,
    cancel: () => {
      cancelled = true;
      if (runId) void emitWithAck('cancel_tool', { run_id: runId }).catch(() => undefined);
    },
  };
}
