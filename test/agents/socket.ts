import { io } from 'socket.io-client';
import type { Received, TestSocket } from '../metrics/helpers.js';

export type { TestSocket };

/** A dashboard socket (websocket, recording every event) to a server at any test address. */
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
    socket, events,
    of: (name) => events.get(name) ?? [],
    ack: (event, payload = {}) => socket.timeout(5000).emitWithAck(event, payload),
    close: () => socket.close(),
  };
}
