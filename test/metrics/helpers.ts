import { io, type Socket } from 'socket.io-client';
export { sleep, waitFor } from '../helpers/wait.js';
export { api, type Json } from '../helpers/api.js';
import { type Json } from '../helpers/api.js';


/** A received event with the local time it arrived. */
export interface Received { at: number; payload: Json }

export interface TestSocket {
  socket: Socket;
  /** Events by name, in arrival order. */
  events: Map<string, Received[]>;
  of(name: string): Received[];
  ack(event: string, payload?: unknown): Promise<Json>;
  close(): void;
}

/** A connected socket.io client (websocket, like the web client) that records every event. */
export function connectSocket(port: number, token: string): Promise<TestSocket> {
  return connectSocketAt(`http://127.0.0.1:${port}`, token);
}

/** The same, to a server at any test address (another instance, a namespace's veth end). */
export async function connectSocketAt(base: string, token: string): Promise<TestSocket> {
  const socket = io(base, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
  const events = new Map<string, Received[]>();
  socket.onAny((name: string, payload: unknown) => {
    const list = events.get(name) ?? [];
    list.push({ at: performance.now(), payload });
    events.set(name, list);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    of: (name) => events.get(name) ?? [],
    ack: (event, payload = {}) => socket.timeout(5000).emitWithAck(event, payload) as Promise<Json>,
    close: () => socket.close(),
  };
}

/** Gaps in ms between consecutive arrivals. */
export const gaps = (list: Received[]): number[] => list.slice(1).map((r, i) => r.at - list[i].at);
