import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { decodeMessage, encodeQuery, type DnsMessage } from './dns-message.js';

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

function udpExchange(request: DnsQueryRequest, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(isIPv6(request.server) ? 'udp6' : 'udp4');
    const done = (error: Error | null, data?: Buffer) => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      socket.close();
      if (error) reject(error);
      else resolve(data as Buffer);
    };
    const onAbort = () => done(new DnsTimeoutError('aborted'));
    const timer = setTimeout(() => done(new DnsTimeoutError('timed out')), timeoutMs);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error) => done(error));
    socket.on('message', (data) => {
      if (matches(query, data)) done(null, data);
    });
    socket.send(query, request.port, request.server);
  });
}

function tcpExchange(request: DnsQueryRequest, query: Buffer, timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: request.server, port: request.port });
    let buffered = Buffer.alloc(0);
    const done = (error: Error | null, data?: Buffer) => {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      if (error) reject(error);
      else resolve(data as Buffer);
    };
    const onAbort = () => done(new DnsTimeoutError('aborted'));
    const timer = setTimeout(() => done(new DnsTimeoutError('timed out')), timeoutMs);
    request.signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error) => done(error));
    socket.on('connect', () => {
      const length = Buffer.alloc(2);
      length.writeUInt16BE(query.length);
      socket.write(Buffer.concat([length, query]));
    });
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const data = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        if (matches(query, data)) done(null, data);
        else done(new Error('mismatched response over TCP'));
      }
    });
    socket.on('end', () => done(new Error('connection closed before a full answer')));
  });
}

/** One DNS query over UDP, retried over TCP when the answer comes back truncated (tools.md §6.1). */
export const dnsQuery: DnsQuery = async (request) => {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const query = encodeQuery(randomInt(0, 0x10000), request.name, request.type);
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
