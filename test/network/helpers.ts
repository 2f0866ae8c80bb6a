import { rmSync } from 'node:fs';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { buildApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import { testConfig } from '../helpers/app.js';
import { createPostgresSchema, type DbKind } from '../helpers/databases.js';
export { sleep, waitFor } from '../helpers/wait.js';
export { api, type Json } from '../helpers/api.js';
import { type Json } from '../helpers/api.js';


/**
 * An app whose database outlives it, so a test can stop the server and start a new one on the same data
 * (scanner.md §10 restart and shutdown).
 */
export interface PersistentApp {
  config: Config;
  start(): Promise<App>;
  cleanup(): Promise<void>;
}

export async function persistentApp(kind: DbKind, env: Record<string, string> = {}): Promise<PersistentApp> {
  const schema = kind === 'postgres' ? await createPostgresSchema() : null;
  const { config, dataDir } = testConfig({ ...(schema ? { DATABASE_URL: schema.url } : {}), ...env });
  return {
    config,
    start: () => buildApp(config, { logger: pino({ level: 'silent' }) }),
    async cleanup() {
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Received { event: string; payload: Json; at: number }

/** A socket.io client recording every event it receives, with arrival times. */
export interface TestSocket {
  socket: Socket;
  events: Received[];
  of(event: string): Received[];
  emit(event: string, payload?: unknown): Promise<Json>;
  close(): void;
}

export async function connectSocket(port: number, token: string): Promise<TestSocket> {
  const socket = io(`http://127.0.0.1:${port}`, { path: '/socket.io/', transports: ['websocket'], query: { token }, reconnection: false, forceNew: true });
  const events: Received[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload, at: Date.now() }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return {
    socket,
    events,
    of: (event) => events.filter((e) => e.event === event),
    emit: (event, payload = {}) => socket.timeout(10_000).emitWithAck(event, payload),
    close: () => socket.close(),
  };
}
