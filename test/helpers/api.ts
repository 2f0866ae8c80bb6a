import type { App } from '../../src/app.js';
import { bearer, type Session } from './factories.js';

/** A parsed JSON response or event payload; its shape is what the assertions check. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test-side JSON, checked field by field
export type Json = any;

/** A JSON request through Fastify's inject, as `who` (no token when absent). */
export async function api(app: App, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who?: Session, payload?: unknown) {
  const res = await app.http.inject({
    method, url, headers: who ? bearer(who) : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
  return { status: res.statusCode, body: (res.body ? res.json() : null) as Json, headers: res.headers };
}
