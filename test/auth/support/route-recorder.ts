import type { FastifyInstance } from 'fastify';
import type * as ServerModule from '../../../src/http/server.js';

/** A route as the real app registered it, seen through an onRoute hook. */
export interface RecordedRoute { method: string; url: string; permission: unknown; hidden: boolean }

const tables = new WeakMap<object, RecordedRoute[]>();

/**
 * The real server module, except that every server it creates also records its routes. Use it in a test file with
 * `vi.mock('../../src/http/server.js', async (orig) => (await import('./support/route-recorder.js')).recording(await orig()))`.
 * The recording hook is added right after the server's own onRoute hook, before any plugin or module registers a route.
 */
export function recording(original: typeof ServerModule): typeof ServerModule {
  return {
    ...original,
    createHttpServer(opts) {
      const server = original.createHttpServer(opts);
      const routes: RecordedRoute[] = [];
      tables.set(server.app, routes);
      server.app.addHook('onRoute', (route) => {
        const hidden = (route.schema as { hide?: boolean } | undefined)?.hide === true;
        for (const method of [route.method].flat()) routes.push({ method: String(method), url: route.url, permission: route.config?.permission, hidden });
      });
      return server;
    },
  };
}

export function recordedRoutes(app: FastifyInstance): RecordedRoute[] {
  const routes = tables.get(app);
  if (!routes) throw new Error('routes were not recorded: this test file must vi.mock src/http/server.js with recording()');
  return routes;
}

/** `METHOD path` of each route the OpenAPI document shows (under /api/, canonical spelling, no HEAD). */
export function canonicalRouteKeys(app: FastifyInstance): string[] {
  const keys = recordedRoutes(app)
    .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/v1/') && !r.hidden && r.method !== 'HEAD')
    .map((r) => `${r.method} ${r.url.slice('/api/'.length)}`);
  return [...new Set(keys)];
}

/** Whether a concrete request URL (e.g. `/api/users/7/?t=1`) is an instance of a `METHOD path` route key. */
export function routeMatches(key: string, method: string, url: string): boolean {
  const [keyMethod, path = ''] = key.split(' ');
  const pattern = path.split('/').filter(Boolean).map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return keyMethod === method && new RegExp(`^/api/${pattern}${pattern ? '/?' : ''}(\\?.*)?$`).test(url);
}
