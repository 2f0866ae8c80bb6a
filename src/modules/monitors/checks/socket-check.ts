import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { isIP } from 'node:net';
import type { CheckContext, CheckResult, MonitorSpec } from '../monitor-types.js';
import { certificateExpiry, daysLeft, expiryProblem } from './certificate.js';
import { describeNetworkError, timeoutResult } from './check-errors.js';
import { lookupVia } from './name-lookup.js';

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Connects, then ends the socket; rejects on error, and on abort after destroying it. */
function opened<S extends Socket>(socket: S, event: 'connect' | 'secureConnect', signal: AbortSignal): Promise<S> {
  return new Promise((resolve, reject) => {
    const abort = () => {
      socket.destroy();
      reject(new Error('aborted'));
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    socket.once(event, () => {
      signal.removeEventListener('abort', abort);
      resolve(socket);
    });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', abort);
      socket.destroy();
      reject(error);
    });
  });
}

/** `tcp`: up when a connection to target:port opens. */
export function tcpChecker(dnsServers: readonly string[]) {
  const lookup = lookupVia(dnsServers);
  return async (m: MonitorSpec, ctx: CheckContext): Promise<CheckResult> => {
    const started = performance.now();
    try {
      const socket = await opened(netConnect({ host: m.target!, port: m.port!, lookup }), 'connect', ctx.signal);
      const responseMs = round(performance.now() - started);
      socket.destroy();
      return { status: 'up', responseMs, message: `Port ${m.port} open` };
    } catch (error) {
      return ctx.signal.aborted ? timeoutResult(ctx.timeoutMs) : { status: 'down', responseMs: null, message: describeNetworkError(error) };
    }
  };
}

/** `tls`: the handshake with a valid chain, and no expiry within `tls_expiry_days`. */
export function tlsChecker(dnsServers: readonly string[]) {
  const lookup = lookupVia(dnsServers);
  return async (m: MonitorSpec, ctx: CheckContext): Promise<CheckResult> => {
    const started = performance.now();
    const host = m.target!;
    try {
      const socket: TLSSocket = await opened(
        tlsConnect({ host, port: m.port ?? 443, servername: isIP(host) ? undefined : host, lookup, rejectUnauthorized: true }),
        'secureConnect', ctx.signal,
      );
      const responseMs = round(performance.now() - started);
      const expires = certificateExpiry(socket);
      const subject = socket.getPeerCertificate()?.subject?.CN;
      socket.destroy();
      const certExpiresAt = expires?.toISOString() ?? null;
      const problem = expires && m.tls_expiry_days > 0 ? expiryProblem(expires, m.tls_expiry_days) : null;
      if (problem) return { status: 'down', responseMs, message: problem, certExpiresAt };
      const valid = expires ? `valid for ${daysLeft(expires)} days` : 'valid';
      return { status: 'up', responseMs, message: `Certificate ${valid}${subject ? ` (CN=${String(subject).slice(0, 100)})` : ''}`, certExpiresAt };
    } catch (error) {
      return ctx.signal.aborted ? timeoutResult(ctx.timeoutMs) : { status: 'down', responseMs: null, message: describeNetworkError(error) };
    }
  };
}
