import { io, type Socket } from 'socket.io-client';
import type { App } from '../../src/app.js';
import { bearer, type Session } from '../helpers/factories.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked field by field
type Json = any;

/** JSON request through Fastify's inject, as `who` (no token when absent). */
export async function api(app: App, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who?: Session, payload?: unknown) {
  const res = await app.http.inject({
    method, url, headers: who ? bearer(who) : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Json, headers: res.headers };
}

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
export async function connectSocket(port: number, token: string): Promise<TestSocket> {
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
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
