import type { App } from '../../../src/app.js';
import type { UserView } from '../../../src/modules/users/users.presenter.js';
import type { Role } from '../../../src/auth/permissions.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CallOptions {
  /** Access token sent as `Authorization: Bearer …`. */
  token?: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** TCP peer address the server sees (inject's `remoteAddress`). */
  remoteAddress?: string;
}

export interface Res<T> {
  status: number;
  body: T;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

/** Bodies the tests dig into; everything else is compared whole with `toEqual`. */
export interface ErrorBody { detail: string; code: string; [field: string]: unknown }
export interface TokensBody { access: string; refresh: string; user: UserView; password_expired?: boolean; is_owner?: boolean }
export interface PageBody<T> { count: number; next: string | null; previous: string | null; results: T[] }
export interface SessionBody { id: string; created_at: string; last_used_at: string; expires_at: string; ip_address: string | null; user_agent: string | null; current: boolean }
export interface AttemptBody { id: number; username: string; ip_address: string | null; user_agent: string | null; timestamp: string; was_successful: boolean; outcome: string }
export type { UserView, Role };

/** One HTTP request through the real app (no socket); the body is parsed when it is JSON. */
export async function call<T = ErrorBody>(app: App, method: HttpMethod, url: string, opts: CallOptions = {}): Promise<Res<T>> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const payload = opts.payload === undefined || Buffer.isBuffer(opts.payload) || typeof opts.payload === 'string'
    ? opts.payload
    : JSON.stringify(opts.payload);
  if (typeof payload === 'string' && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await app.http.inject({ method, url, headers, payload: payload as string | Buffer | undefined, remoteAddress: opts.remoteAddress });
  const text = res.body;
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  const body = (isJson && text ? JSON.parse(text) : text) as T;
  return { status: res.statusCode, body, text, headers: res.headers };
}

/** The decoded (unverified) header and claims of a JWT. */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
  return { header, claims };
}

export const sessionIdOf = (token: string): string => String(decodeJwt(token).claims.sid);

/** A `multipart/form-data` body with file parts (and optional plain fields). */
export function multipart(parts: Array<{ name: string; filename?: string; type?: string; data: Buffer | string }>) {
  const boundary = `----everyst${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ''}`;
    const head = `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${part.type ? `Content-Type: ${part.type}\r\n` : ''}\r\n`;
    chunks.push(Buffer.from(head), Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** Minimal files whose magic bytes make them PNG, JPEG, WebP or GIF (the padding makes them distinct). */
export const IMAGES = {
  png: (pad = 'png') => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(`IHDR${pad}`)]),
  jpeg: (pad = 'jpeg') => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(`JFIF${pad}`)]),
  webp: (pad = 'webp') => {
    const body = Buffer.from(`WEBPVP8 ${pad}`);
    const size = Buffer.alloc(4);
    size.writeUInt32LE(body.length);
    return Buffer.concat([Buffer.from('RIFF'), size, body]);
  },
  gif: () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
};
