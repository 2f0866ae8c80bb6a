/**
 * The app's reply to one request, captured once so that the bare Fastify (bare-server.ts) can serve the very same
 * response from memory: the framework's own limit for that payload.
 */
import { request } from 'node:http';

export interface CapturedReply {
  status: number;
  /** Every header but those the HTTP layer writes per response; x-request-id and the like replay as captured. */
  headers: Record<string, string>;
  body: string;
  /** The body is JSON that JSON.stringify writes back byte for byte: the bare server serialises it per request. */
  json: boolean;
}

/** Written by Node's HTTP layer on every response, the bare server's as the app's. */
const PER_RESPONSE = new Set(['connection', 'keep-alive', 'content-length', 'date', 'transfer-encoding']);

export interface RawReply { status: number; headers: Record<string, string>; body: Buffer }

/** One GET with only the given headers (as wrk sends it), answered in full. */
export function get(url: string, headers: Record<string, string> = {}): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => {
        const flat = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
        resolve({ status: res.statusCode ?? 0, headers: flat, body: Buffer.concat(chunks) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function rewritesExactly(body: string): boolean {
  try {
    return JSON.stringify(JSON.parse(body)) === body;
  } catch {
    return false;
  }
}

export async function captureReply(url: string, headers: Record<string, string> = {}): Promise<CapturedReply> {
  const res = await get(url, headers);
  if (res.status >= 400) throw new Error(`capture: ${url} answered ${res.status}: ${res.body.toString().slice(0, 200)}`);
  if (res.headers['content-encoding']) throw new Error(`capture: ${url} answered with content-encoding ${res.headers['content-encoding']}`);
  const body = res.body.toString('utf8');
  if (!Buffer.from(body, 'utf8').equals(res.body)) throw new Error(`capture: ${url} answered a body that is not UTF-8 text`);
  const kept = Object.entries(res.headers).filter(([name]) => !PER_RESPONSE.has(name));
  const json = /\bjson\b/.test(res.headers['content-type'] ?? '') && rewritesExactly(body);
  return { status: res.status, headers: Object.fromEntries(kept), body, json };
}

/** Throws unless `url` answers what was captured: status, the kept headers and the body, byte for byte. */
export async function checkReplay(url: string, captured: CapturedReply): Promise<void> {
  const res = await get(url);
  const differs = [
    res.status !== captured.status && `status ${res.status}`,
    !res.body.equals(Buffer.from(captured.body, 'utf8')) && 'body',
    ...Object.entries(captured.headers).filter(([name, value]) => res.headers[name] !== value).map(([name]) => `header ${name}`),
  ].filter(Boolean);
  if (differs.length) throw new Error(`replay: ${url} differs from the captured reply in ${differs.join(', ')}`);
}
