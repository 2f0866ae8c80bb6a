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
  // A download (the device export's CSV) stays text.
  const json = res.body && !String(res.headers['content-type'] ?? '').startsWith('text/');
  return { status: res.statusCode, body: (json ? res.json() : res.body || null) as Json, headers: res.headers };
}
