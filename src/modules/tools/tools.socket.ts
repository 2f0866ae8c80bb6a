import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io';
import { forbidden, notFound, validationError } from '../../errors.js';
import { hasPermission, type Principal } from '../../auth/permissions.js';
import type { EventHandler } from '../../realtime/socket-rpc.js';
import { TOOL_PERMISSIONS } from './tools.routes.js';
import { toolFromPathSegment, type ToolsService } from './tools.service.js';

/** Lines that arrive together (one read of the pipe) go out in one `tool_output`. */
interface LineBatch {
  lines: string[];
  scheduled: boolean;
}

/**
 * Live tool runs over Socket.IO (docs/events.md "Live tool runs"): `run_tool` starts a run and acknowledges at
 * once, `tool_output` carries the lines as they come with the time since the start, `tool_done` the same body as
 * the REST route, `cancel_tool` stops it. A run belongs to its socket: when the socket goes away, so does the run.
 */
export class LiveToolRuns {
  private readonly runs = new Map<string, { socketId: string; stop: AbortController }>();

  constructor(private readonly tools: ToolsService) {}

  events(): Record<string, EventHandler> {
    return {
      run_tool: { permission: 'can_run_tools', handle: ({ principal, socket, payload }) => this.start(socket, principal, payload) },
      cancel_tool: { permission: 'can_run_tools', handle: async ({ socket, payload }) => this.cancel(socket, payload.run_id) },
    };
  }

  /** Server shutdown: every live run is stopped. */
  stopAll(): void {
    for (const run of this.runs.values()) run.stop.abort();
  }

  private async start(socket: Socket, principal: Principal, payload: Record<string, unknown>) {
    const name = typeof payload.tool === 'string' ? toolFromPathSegment(payload.tool) : undefined;
    if (!name) throw validationError({ tool: ['Unknown tool.'] });
    if (!hasPermission(principal, TOOL_PERMISSIONS[name])) throw forbidden();
    const stop = new AbortController();
    const runId = randomUUID();
    const startedAt = Date.now();
    const batch: LineBatch = { lines: [], scheduled: false };
    const flush = () => {
      batch.scheduled = false;
      if (!batch.lines.length) return;
      socket.emit('tool_output', { run_id: runId, lines: batch.lines, elapsed_ms: Date.now() - startedAt });
      batch.lines = [];
    };
    const onLine = (line: string) => {
      batch.lines.push(line);
      if (!batch.scheduled) {
        batch.scheduled = true;
        setImmediate(flush);
      }
    };
    const body = payload.body === undefined ? {} : payload.body;
    const onGone = () => stop.abort();
    socket.once('disconnect', onGone);
    let run: Awaited<ReturnType<ToolsService['startTool']>>;
    try {
      run = await this.tools.startTool(name, body, { userId: principal.userId }, { signal: stop.signal, onLine, live: true });
    } catch (error) {
      socket.off('disconnect', onGone);
      throw error;
    }
    // The socket may have gone while the target was being resolved: the run then stops at once.
    if (socket.disconnected) stop.abort();
    this.runs.set(runId, { socketId: socket.id, stop });
    void run.done
      .then((result) => {
        flush();
        socket.emit('tool_done', { run_id: runId, result });
      }, () => {
        flush();
        socket.emit('tool_done', { run_id: runId, result: null, error: 'Internal server error.' });
      })
      .finally(() => {
        this.runs.delete(runId);
        socket.off('disconnect', onGone);
      });
    return { status: 'success', run_id: runId, tool: name, command: run.command };
  }

  private cancel(socket: Socket, runId: unknown) {
    if (typeof runId !== 'string' || runId === '') throw validationError({ run_id: ['This field is required.'] });
    const run = this.runs.get(runId);
    // Another socket's run is as unknown to this one as a finished run.
    if (!run || run.socketId !== socket.id) throw notFound('Run not found.');
    run.stop.abort();
    return { status: 'success', message: 'Run cancelled', run_id: runId };
  }
}
