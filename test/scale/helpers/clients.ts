import { io, type Socket } from 'socket.io-client';
import { OWNER_PASSWORD } from '../../helpers/factories.js';
import { waitFor } from './environment.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are checked field by field */
export type Json = any;

/** A JSON request over real HTTP to an instance. */
export async function api(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Registers the owner on one instance; returns its access token. */
export async function registerOwner(baseUrl: string, username = 'owner'): Promise<string> {
  const res = await api(baseUrl, 'POST', '/api/auth/register/', undefined, { username, email: `${username}@example.com`, password: OWNER_PASSWORD });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access as string;
}

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await api(baseUrl, 'POST', '/api/auth/login/', undefined, { username, password });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.access as string;
}

export interface Received { event: string; payload: Json; at: number }

export interface RecordingSocket {
  socket: Socket;
  events: Received[];
  of(event: string): Received[];
  next(event: string, match: (payload: Json) => boolean, timeoutMs?: number): Promise<Json>;
  close(): void;
}

/** A socket.io client, as the web client connects, recording every event it receives. */
export async function connectSocket(baseUrl: string, token: string): Promise<RecordingSocket> {
  const socket = io(baseUrl, { path: '/socket.io/', transports: ['websocket'], query: { token }, forceNew: true, reconnection: false });
  const events: Received[] = [];
  socket.onAny((event: string, payload: Json) => events.push({ event, payload, at: Date.now() }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  const of = (event: string) => events.filter((e) => e.event === event);
  return {
    socket, events, of,
    async next(event, match, timeoutMs = 10_000) {
      const seen = await waitFor(() => of(event).find((e) => match(e.payload)), timeoutMs, `${event} on ${baseUrl}`);
      return seen.payload;
    },
    close: () => socket.close(),
  };
}
