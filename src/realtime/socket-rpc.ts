import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import { DomainError, PERMISSION_DENIED, storageFull } from '../errors.js';
import { isStorageFull } from '../runtime/storage-full.js';
import { hasPermission, type Permission, type Principal } from '../auth/permissions.js';

export interface EventCall {
  principal: Principal;
  socket: Socket;
  payload: Record<string, unknown>;
}

export interface EventHandler {
  permission: Permission;
  /** Accept any payload (treated as `{}` when it is not an object), e.g. `check_scan_status`. */
  anyPayload?: boolean;
  handle(call: EventCall): Promise<unknown>;
}

export type Ack = (response: unknown) => void;

/** The error ack of realtime.md §3: `message` and `error` carry the same text. */
export function errorAck(message: string, code: string, extra: Record<string, unknown> = {}) {
  return { status: 'error', message, error: message, code, ...extra };
}

export function ackForError(error: unknown, logger: Logger, onStorageFull?: (error: unknown) => void): Record<string, unknown> {
  if (isStorageFull(error)) {
    onStorageFull?.(error);
    logger.warn({ err: error }, 'storage full');
    return ackForError(storageFull(), logger);
  }
  if (error instanceof DomainError) {
    const extra = Object.fromEntries(Object.entries(error.extra).filter(([k]) => !['detail', 'code'].includes(k)));
    return errorAck(error.detail, error.code, extra);
  }
  logger.error({ err: error }, 'socket event failed');
  return errorAck('Internal server error.', 'server_error');
}

/** Token bucket: 20 events per second, bursts of 40 (realtime.md §3). */
export class EventRateLimiter {
  private tokens = 40;
  private last = Date.now();
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(40, this.tokens + ((now - this.last) / 1000) * 20);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * One wrapper for every client event: payload shape, rate limit, permission (read from the database per
 * event), and an acknowledgement in every case.
 */
export async function dispatch(
  handlers: Map<string, EventHandler>,
  loadPrincipal: () => Promise<Principal>,
  socket: Socket,
  limiter: EventRateLimiter,
  logger: Logger,
  event: string,
  args: unknown[],
  onStorageFull?: (error: unknown) => void,
): Promise<void> {
  const ack: Ack | undefined = typeof args[args.length - 1] === 'function' ? (args.pop() as Ack) : undefined;
  const reply = (response: unknown) => ack?.(response);
  if (!limiter.take()) return reply(errorAck('Too many requests', 'throttled'));
  const handler = handlers.get(event);
  if (!handler) return reply(errorAck('Unknown event', 'not_found'));
  const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const raw = isObject(args[0]) || !handler.anyPayload ? args[0] : undefined;
  if (raw !== undefined && raw !== null && !isObject(raw)) return reply(errorAck('Invalid payload', 'invalid'));
  try {
    const principal = await loadPrincipal();
    if (!hasPermission(principal, handler.permission)) return reply(errorAck(PERMISSION_DENIED, 'permission_denied'));
    reply(await handler.handle({ principal, socket, payload: (raw ?? {}) as Record<string, unknown> }));
  } catch (error) {
    reply(ackForError(error, logger, onStorageFull));
  }
}
