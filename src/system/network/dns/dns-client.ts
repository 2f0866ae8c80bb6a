import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { decodeMessage, encodeRecursiveQuery, type DnsMessage } from './dns-message.js';

export interface DnsQueryRequest {
  server: string;
  port: number;
  name: string;
  type: number;
  signal?: AbortSignal;
  /** Per attempt; UDP is tried twice before giving up. */
  timeoutMs?: number;
}

export interface DnsQueryResult {
  message: DnsMessage;
  /** Bytes of the response as received. */
  size: number;
  protocol: 'UDP' | 'TCP';
  elapsedMs: number;
}

export type DnsQuery = (request: DnsQueryRequest) => Promise<DnsQueryResult>;

/** No answer from the server in time (dig: "connection timed out; no servers could be reached"). */
export class DnsTimeoutError extends Error {}

const DEFAULT_TIMEOUT_MS = 5000;
const UDP_ATTEMPTS = 2;

function matches(query: Buffer, response: Buffer): boolean {
  // Same id and same question bytes (case-insensitively, as servers may echo 0x20-mixed case).
  if (response.length < query.length || response.readUInt16BE(0) !== query.readUInt16BE(0)) return false;
  if ((response[2] & 0x80) === 0) return false;
  return response.subarray(12, query.length).toString('latin1').toLowerCase() === query.subarray(12).toString('latin1').toLowerCase();
}

type Finish = (error: Error | null, data?: Buffer) => void;

/**
 * One exchange with a deadline and the caller's abort signal: `start` opens the socket and calls `finish` once;
 * `close` releases the socket whatever the outcome.
 */
function exchange(request: DnsQueryRequest, timeoutMs: number, start: (finish: Finish) => { close(): void }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const opened: { close?: () => void } = {};
    const finish: Finish = (error, data) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      opened.close?.();
      if (error) reject(error);
      else resolve(data as Buffer);
    };
    const onAbort = () => finish(new DnsTimeoutError('aborted'));
    const timer = setTimeout(() => finish(new DnsTimeoutError('timed out')), timeoutMs);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    opened.close = start(finish).close;
    if (settled) opened.close();
  });
}

function udpExchange(request: DnsQueryRequest, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return exchange(request, timeoutMs, (finish) => {
    const socket = createSocket(isIPv6(request.server) ? 'udp6' : 'udp4');
    socket.on('error', (error) => finish(error));
    socket.on('message', (data) => {
      if (matches(query, data)) finish(null, data);
    });
    socket.send(query, request.port, request.server);
    return { close: () => socket.close() };
  });
}

function tcpExchange(request: DnsQueryRequest, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return exchange(request, timeoutMs, (finish) => {
    const socket = connect({ host: request.server, port: request.port });
    let buffered = Buffer.alloc(0);
    socket.on('error', (error) => finish(error));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const data = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        if (matches(query, data)) finish(null, data);
        else finish(new Error('mismatched response over TCP'));
      }
    });
    socket.on('end', () => finish(new Error('connection closed before a full answer')));
    return { close: () => socket.destroy() };
  });
}

/** One DNS query over UDP, retried over TCP when the answer comes back truncated (tools.md §6.1). */
export const dnsQuery: DnsQuery = async (request) => {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const query = encodeRecursiveQuery(randomInt(0, 0x10000), request.name, request.type);
  const started = performance.now();
  let data: Buffer | undefined;
  for (let attempt = 1; data === undefined; attempt++) {
    try {
      data = await udpExchange(request, query, timeoutMs);
    } catch (error) {
      if (!(error instanceof DnsTimeoutError) || attempt >= UDP_ATTEMPTS || request.signal?.aborted) throw error;
    }
  }
  let protocol: DnsQueryResult['protocol'] = 'UDP';
  if (data[2] & 0x02) {
    data = await tcpExchange(request, query, timeoutMs);
    protocol = 'TCP';
  }
  return { message: decodeMessage(data), size: data.length, protocol, elapsedMs: Math.round(performance.now() - started) };
};
