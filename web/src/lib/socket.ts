import { io, type Socket } from 'socket.io-client';
import { useEffect, useRef } from 'preact/hooks';
import { refreshAccess } from './api.ts';
import { createStore } from './store.ts';
import { session } from './session.ts';
import { tokens } from './tokens.ts';

/**
 * One Socket.IO connection per access token (realtime.md §1), replaced whenever the token changes. After a lost
 * connection (e.g. a server restart) the client retries by itself: `reconnecting` until it is back, then the
 * pseudo-event `reconnect` tells the feeds to reload what they may have missed.
 */
export type SocketStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';
export const socketStatus = createStore<SocketStatus>('idle');

type Handler = (payload: unknown) => void;
const handlers = new Map<string, Set<Handler>>();
let socket: Socket | null = null;

function dispatch(event: string, payload: unknown): void {
  for (const fn of [...(handlers.get(event) ?? [])]) fn(payload);
}

function open(access: string): void {
  socket?.close();
  socketStatus.set('connecting');
  const s = io({
    path: '/socket.io/', transports: ['websocket', 'polling'], query: { token: access },
    forceNew: true, reconnectionAttempts: Infinity, reconnectionDelayMax: 10_000, timeout: 10_000,
  });
  socket = s;
  let wasConnected = false;
  // `active`: the client will retry (a lost transport), not a disconnect the server or this page asked for.
  const lost = () => socketStatus.set(!s.active ? 'disconnected' : wasConnected ? 'reconnecting' : 'connecting');
  s.on('connect', () => {
    socketStatus.set('connected');
    dispatch('connect', undefined);
    if (wasConnected) dispatch('reconnect', undefined);
    wasConnected = true;
  });
  s.on('disconnect', lost);
  s.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    lost();
    // An expired access token: get a new one; the token change opens a new socket.
    if (err.data?.code === 'token_not_valid') {
      s.close();
      void refreshAccess();
    }
  });
  s.onAny((event: string, payload: unknown) => dispatch(event, payload));
}

/** Connects while signed in, and again with each new access token; called once at start. */
export function startRealtime(): void {
  let current: string | null = null;
  const sync = () => {
    const access = session.get().status === 'signed-in' ? tokens.get()?.access ?? null : null;
    if (access === current) return;
    current = access;
    if (access) open(access);
    else {
      socket?.close();
      socket = null;
      socketStatus.set('idle');
    }
  };
  tokens.subscribe(sync);
  session.subscribe(sync);
  sync();
}

export function onEvent(event: string, fn: Handler): () => void {
  let set = handlers.get(event);
  if (!set) handlers.set(event, (set = new Set()));
  set.add(fn);
  return () => set.delete(fn);
}

/** Listens to a server event while the component is mounted; the latest handler is always used. */
export function useSocketEvent<T>(event: string, fn: (payload: T) => void): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => onEvent(event, (p) => ref.current(p as T)), [event]);
}

/** Emits a client event and resolves with its ack (every event is acknowledged, realtime.md §3). */
export function emitWithAck<T>(event: string, payload: Record<string, unknown> = {}): Promise<T> {
  if (!socket?.connected) return Promise.reject(new Error('Not connected to the live updates.'));
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}
