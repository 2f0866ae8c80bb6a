import { TLSSocket } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { CheckContext, CheckResult, MonitorSpec } from '../monitor-types.js';
import { certificateExpiry, expiryProblem } from './certificate.js';
import { describeNetworkError, timeoutResult } from './check-errors.js';
import { lookupVia } from './name-lookup.js';

const MAX_BODY_BYTES = 1024 * 1024;
const USER_AGENT = 'Everyst-Monitor';

/** Ranges like "200-299" or "404". */
export function statusAccepted(status: number, ranges: readonly string[]): boolean {
  return ranges.some((range) => {
    const [from, to] = range.split('-').map(Number);
    return status >= from && status <= (to ?? from);
  });
}

/**
 * HTTP(S) checks of `http`, `keyword` and `json-query` monitors. One keep-alive agent per TLS policy serves every
 * origin (undici pools connections per origin), so a monitor checked every 30 s reuses its connection. The
 * certificate each TLS connection was served is remembered by origin for `cert_expires_at`.
 */
export class HttpChecker {
  private readonly agents = new Map<string, Agent>();
  private readonly certificates = new Map<string, Date>();

  constructor(private readonly dnsServers: readonly string[]) {}

  async check(m: MonitorSpec, ctx: CheckContext): Promise<CheckResult> {
    const http = m.http!;
    const started = performance.now();
    let url = new URL(m.target!);
    const origin = url.origin;
    try {
      let redirects = 0;
      for (;;) {
        const res = await this.agentFor(http.ignore_tls).request({
          origin: url.origin, path: `${url.pathname}${url.search}`, method: http.method, signal: ctx.signal,
          headers: this.headersFor(m, url, url.origin === origin), body: http.body && !['GET', 'HEAD'].includes(http.method) ? http.body : undefined,
          headersTimeout: ctx.timeoutMs, bodyTimeout: ctx.timeoutMs,
        });
        const location = res.headers.location;
        if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string' && http.max_redirects > 0) {
          await res.body.dump();
          if (++redirects > http.max_redirects) return down(`Too many redirects (more than ${http.max_redirects})`);
          url = new URL(location, url);
          continue;
        }
        return await this.judge(m, url, res, started);
      }
    } catch (error) {
      if (ctx.signal.aborted) return timeoutResult(ctx.timeoutMs);
      return down(describeNetworkError(error));
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((a) => a.close()));
    this.agents.clear();
  }

  private async judge(m: MonitorSpec, url: URL, res: Dispatcher.ResponseData, started: number): Promise<CheckResult> {
    const needsBody = m.type === 'keyword' || m.type === 'json-query';
    const body = needsBody ? await readBounded(res.body) : (await res.body.dump(), '');
    const responseMs = round(performance.now() - started);
    const certExpires = url.protocol === 'https:' ? (this.certificates.get(url.host) ?? null) : undefined;
    const result = (status: 'up' | 'down', message: string): CheckResult => ({
      status, responseMs, message, ...(certExpires === undefined ? {} : { certExpiresAt: certExpires?.toISOString() ?? null }),
    });
    const statusText = `${res.statusCode}${STATUS_TEXT[res.statusCode] ? ` - ${STATUS_TEXT[res.statusCode]}` : ''}`;
    if (!statusAccepted(res.statusCode, m.http!.accepted_status)) return result('down', `${statusText} (expected ${m.http!.accepted_status.join(', ')})`);
    if (certExpires && m.tls_expiry_days > 0) {
      const problem = expiryProblem(certExpires, m.tls_expiry_days);
      if (problem) return result('down', problem);
    }
    if (m.type === 'keyword') {
      const found = body.includes(m.keyword!);
      if (found === m.invert_keyword) return result('down', `Keyword "${m.keyword}" ${found ? 'found' : 'not found'}`);
      return result('up', `${statusText}, keyword "${m.keyword}" ${found ? 'found' : 'not found'}`);
    }
    if (m.type === 'json-query') return result(...(await jsonVerdict(body, m.json_path!, m.expected_value ?? '')));
    return result('up', statusText);
  }

  /** Credentials (basic auth, Authorization and Cookie headers) go to the monitor's own origin only, never to a redirect's. */
  private headersFor(m: MonitorSpec, url: URL, sameOrigin: boolean): Record<string, string> {
    const http = m.http!;
    const own = Object.entries(http.headers).filter(([k]) => sameOrigin || !['authorization', 'cookie', 'proxy-authorization'].includes(k.toLowerCase()));
    const headers: Record<string, string> = { 'user-agent': USER_AGENT, ...Object.fromEntries(own), host: url.host };
    if (http.basic_auth && sameOrigin) headers.authorization = `Basic ${Buffer.from(`${http.basic_auth.username}:${http.basic_auth.password}`).toString('base64')}`;
    return headers;
  }

  private agentFor(ignoreTls: boolean): Agent {
    const key = ignoreTls ? 'insecure' : 'verified';
    let agent = this.agents.get(key);
    if (!agent) {
      const connector = buildConnector({ rejectUnauthorized: !ignoreTls, lookup: lookupVia(this.dnsServers) } as buildConnector.BuildOptions);
      agent = new Agent({
        keepAliveTimeout: 60_000, keepAliveMaxTimeout: 120_000, connections: 4,
        connect: (options, callback) => connector(options, (error, socket) => {
          if (!error && socket instanceof TLSSocket) {
            const expires = certificateExpiry(socket);
            if (expires) this.certificates.set(`${options.hostname}${options.port ? `:${options.port}` : ''}`, expires);
          }
          if (error) callback(error, null);
          else callback(null, socket);
        }),
      });
      this.agents.set(key, agent);
    }
    return agent;
  }
}

async function jsonVerdict(body: string, path: string, expected: string): Promise<['up' | 'down', string]> {
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return ['down', 'The response is not JSON'];
  }
  try {
    const { default: jsonata } = await import('jsonata'); // loaded with the first json-query check
    const value = await jsonata(path.startsWith('$.') ? path.slice(2) : path).evaluate(data);
    const text = value === undefined ? 'undefined' : typeof value === 'string' ? value : JSON.stringify(value);
    return text === expected ? ['up', `${path} is "${expected}"`] : ['down', `Expected "${expected}", got "${text.slice(0, 200)}"`];
  } catch (error) {
    return ['down', `JSON query failed: ${(error as Error).message.slice(0, 200)}`];
  }
}

async function readBounded(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size >= MAX_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const down = (message: string): CheckResult => ({ status: 'down', responseMs: null, message });

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};
