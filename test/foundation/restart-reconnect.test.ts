/**
 * A graceful restart (SIGTERM, then the server again on the same port and data directory): socket.io clients
 * connected as the web client connects see a transport close, not `io server disconnect`, so they retry by
 * themselves and get live metrics again once the server is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerOwner } from '../scale/helpers/clients.js';
import { startEverystProcess, type EverystProcess } from '../scale/helpers/processes.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/wait.js';

interface Watched { socket: Socket; reasons: string[]; connects: number; metrics: number }

/** The web client's options (realtime.md §1), on one transport list. */
function watch(url: string, token: string, transports: Array<'websocket' | 'polling'>): Watched {
  const socket = io(url, {
    path: '/socket.io/', transports, query: { token }, extraHeaders: { Authorization: `Bearer ${token}` },
    forceNew: true, reconnectionAttempts: 5, timeout: 10_000,
  });
  const watched: Watched = { socket, reasons: [], connects: 0, metrics: 0 };
  socket.on('connect', () => (watched.connects += 1));
  socket.on('disconnect', (reason) => watched.reasons.push(reason));
  socket.on('metrics_update', () => (watched.metrics += 1));
  return watched;
}

describe('graceful restart under connected sockets', { timeout: 150_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-restart-'));
  let port = 0;
  let server: EverystProcess | null = null;
  const clients: Watched[] = [];
  const start = async () => {
    server = await startEverystProcess('serve', 'restart-reconnect', { EVERYST_DATA_DIR: dataDir, API_PORT: String(port), METRICS_INTERVAL_SECONDS: '1' });
    return server;
  };

  beforeAll(async () => {
    port = await freePort();
    await start();
  });
  afterAll(async () => {
    for (const c of clients) c.socket.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('clients on websocket and on polling reconnect and get metrics again', async () => {
    const url = `http://127.0.0.1:${port}`;
    const token = await registerOwner(url);
    clients.push(watch(url, token, ['websocket', 'polling']), watch(url, token, ['polling']));
    await waitFor(() => clients.every((c) => c.connects === 1 && c.metrics > 0), 15_000, 'both clients connected with metrics');

    expect(await server!.stop()).toBe(0);
    await waitFor(() => clients.every((c) => c.reasons.length === 1), 5_000, 'both clients to see the disconnect');
    for (const c of clients) expect(c.reasons[0]).toMatch(/^transport (close|error)$/);

    await start();
    const before = clients.map((c) => c.metrics);
    await waitFor(() => clients.every((c) => c.connects === 2), 30_000, 'both clients to reconnect');
    await waitFor(() => clients.every((c, i) => c.metrics > before[i]!), 10_000, 'metrics after the restart');
  });
});
