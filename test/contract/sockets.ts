import { io, type Socket } from 'socket.io-client';
import { markExercised, type Json } from './harness.js';

/** A connected socket.io client (websocket transport) that keeps every event it received. */
export interface Client {
  socket: Socket;
  received: Array<{ event: string; args: Json[] }>;
  close(): void;
}

export async function connect(port: number, token: string): Promise<Client> {
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
  const received: Client['received'] = [];
  socket.onAny((event: string, ...args: Json[]) => received.push({ event, args }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return { socket, received, close: () => socket.close() };
}

/** The `connect_error` a refused handshake gives. */
export function refusal(port: number, query: Record<string, string>): Promise<{ message: string; data: Json }> {
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query, reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the socket connected'));
    });
    socket.once('connect_error', (e: Error & { data?: Json }) => {
      socket.close();
      resolve({ message: e.message, data: e.data });
    });
  });
}

/** Emits a client → server event (a spec event under test) and returns its ack. */
export async function ack(client: Client, event: string, ...payload: Json[]): Promise<Json> {
  markExercised(`event ${event}`);
  return client.socket.timeout(10_000).emitWithAck(event, ...payload);
}

/**
 * The first server → client `event` (already received or still to come) whose payload passes `match`.
 * Its arguments are returned as an array (some events have none).
 */
export async function nextEvent(client: Client, event: string, match: (args: Json[]) => boolean = () => true, timeoutMs = 10_000, from = 0): Promise<Json[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = client.received.slice(from).find((r) => r.event === event && match(r.args));
    if (found) {
      markExercised(`event ${event}`);
      return found.args;
    }
    if (Date.now() > until) throw new Error(`no ${event} event within ${timeoutMs} ms (got: ${[...new Set(client.received.map((r) => r.event))].join(', ')})`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
