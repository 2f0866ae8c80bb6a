import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Socket } from 'socket.io-client';
import type { AgentConfig } from '../config/agent-config.js';
import { MetricsCollector } from '../system/metrics/collector.js';
import type { MetricsSnapshot } from '../system/metrics/snapshot.js';
import { VERSION } from '../version.js';
import { SampleBuffer } from './sample-buffer.js';

export interface AgentOptions {
  /** The server's address, `http(s)://host:port`. */
  server: string;
  /** Read again before every connection attempt, so a rotated token written to the file is picked up. */
  token: () => string;
  name?: string;
  config: AgentConfig;
  /** One JSON object per line (stdout by default). */
  log?: (entry: Record<string, unknown>) => void;
}

/** Samples per `agent_backlog` message at most, and their JSON size (the server takes up to 1 MB a message). */
const BATCH_SAMPLES = 120;
const BATCH_BYTES = 512 * 1024;
const ACK_TIMEOUT_MS = 10_000;
const BACKOFF_MIN_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/** Full jitter: a delay anywhere from half to all of the exponential step, so many agents do not return in step. */
export function backoffMs(attempt: number): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** Math.min(attempt, 16));
  return Math.round(step / 2 + Math.random() * (step / 2));
}

export interface RunningAgent {
  /** Samples taken, sent (acknowledged) and dropped from a full buffer. */
  stats(): { taken: number; acknowledged: number; dropped: number; buffered: number };
  stop(): Promise<void>;
}

/**
 * `everyst agent` (monitoring.md §6): samples this host with the server's own collector every AGENT_INTERVAL_S,
 * sends each sample over the `/agents` namespace, keeps what the server has not acknowledged (bounded by
 * AGENT_BUFFER_S) and sends it, oldest first, after a reconnect. Loads no database, HTTP server or scanner.
 */
export async function runAgent(opts: AgentOptions): Promise<RunningAgent> {
  const log = opts.log ?? ((entry) => process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`));
  const { io } = await import('socket.io-client');
  const collector = new MetricsCollector();
  const capacity = Math.ceil(opts.config.bufferSeconds / opts.config.intervalSeconds);
  const buffer = new SampleBuffer<MetricsSnapshot>(capacity);
  let taken = 0;
  let acknowledged = 0;
  let sending = false;
  let stopped = false;
  let attempt = 0;
  let retry: NodeJS.Timeout | undefined;
  const first = await collector.sample();
  const hello = { hostname: hostname(), version: VERSION, os: first.extended.host.os_pretty_name ?? first.server_info.os };

  const url = `${opts.server.replace(/\/+$/, '')}/agents`;
  const socket: Socket = io(url, {
    path: '/socket.io/',
    transports: ['websocket'],
    auth: (cb) => {
      try {
        cb({ token: opts.token(), ...hello, ...(opts.name ? { name: opts.name } : {}) });
      } catch (err) {
        log({ level: 'error', msg: 'token unreadable', error: (err as Error).message });
        cb({ token: '' });
      }
    },
    reconnectionDelay: BACKOFF_MIN_MS,
    reconnectionDelayMax: BACKOFF_MAX_MS,
    randomizationFactor: 0.5,
    ...(opts.config.ca ? { ca: opts.config.ca } : {}),
    rejectUnauthorized: true,
  });

  // The client retries lost connections by itself; a refusal by the server (bad token, agent deleted, token rotated)
  // it does not, so those are retried here with the same jittered backoff (a new token may be written to the file).
  const retryLater = () => {
    if (stopped || retry) return;
    const delay = backoffMs(attempt++);
    retry = setTimeout(() => {
      retry = undefined;
      if (!stopped && !socket.connected) socket.connect();
    }, delay);
  };
  socket.on('connect', () => {
    attempt = 0;
    log({ level: 'info', msg: 'connected', server: opts.server, buffered: buffer.size });
    void pump();
  });
  socket.on('connect_error', (err) => {
    log({ level: 'warn', msg: 'connection refused', error: err.message });
    if (!socket.active) retryLater();
  });
  socket.on('disconnect', (reason) => {
    log({ level: 'warn', msg: 'disconnected', reason });
    if (reason === 'io server disconnect') retryLater();
  });

  /** Sends the buffer oldest first, one message at a time: the newest alone as `agent_sample`, older ones in batches. */
  async function pump(): Promise<void> {
    if (sending) return;
    sending = true;
    try {
      while (socket.connected && buffer.size > 0 && !stopped) {
        const batch = buffer.peek(BATCH_SAMPLES, BATCH_BYTES);
        const last = batch[batch.length - 1].seq;
        const ack = (batch.length === 1 && buffer.size === 1
          ? await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent_sample', batch[0].item)
          : await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent_backlog', { samples: batch.map((b) => b.item) })) as Record<string, unknown>;
        if (ack?.status !== 'success' && ack?.rejected === undefined) {
          log({ level: 'warn', msg: 'samples refused', detail: ack?.detail });
          break;
        }
        // Taken, repeats and refused samples alike leave the buffer: resending a refused one would not change the answer.
        buffer.ackThrough(last);
        acknowledged += batch.length;
        if (Number(ack.rejected) > 0) log({ level: 'warn', msg: 'samples refused', count: ack.rejected, problem: ack.problem });
        if (batch.length > 1) log({ level: 'info', msg: 'backlog sent', count: batch.length, buffered: buffer.size, dropped: buffer.dropped });
      }
    } catch (err) {
      // No ack in time (connection lost while sending): the samples stay and go again after the reconnect.
      log({ level: 'warn', msg: 'send unacknowledged', error: (err as Error).message });
    } finally {
      sending = false;
    }
  }

  const intervalMs = opts.config.intervalSeconds * 1000;
  let next = performance.now() + intervalMs;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      const snapshot = await collector.sample();
      taken++;
      const before = buffer.dropped;
      buffer.push(snapshot);
      if (buffer.dropped > before && buffer.dropped % 60 === 1) log({ level: 'warn', msg: 'buffer full, oldest samples dropped', dropped: buffer.dropped });
      void pump();
    } catch (err) {
      log({ level: 'error', msg: 'sampling failed', error: (err as Error).message });
    }
    if (stopped) return;
    next += intervalMs;
    const now = performance.now();
    if (next < now) next = now + intervalMs; // fell behind (suspended): no burst of catch-up samples
    timer = setTimeout(() => void tick(), next - now);
  };
  buffer.push(first);
  taken++;
  timer = setTimeout(() => void tick(), intervalMs);

  return {
    stats: () => ({ taken, acknowledged, dropped: buffer.dropped, buffered: buffer.size }),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(retry);
      socket.disconnect();
      await collector.close();
      log({ level: 'info', msg: 'stopped', taken, acknowledged, dropped: buffer.dropped, buffered: buffer.size });
    },
  };
}

/** The token: the first non-empty line of the file, or of stdin when the file is `-`. */
export function tokenReader(file: string | undefined): () => string {
  if (file === undefined || file === '-') {
    const token = readFileSync(0, 'utf8').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
    return () => token;
  }
  return () => readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).find(Boolean) ?? '';
}
