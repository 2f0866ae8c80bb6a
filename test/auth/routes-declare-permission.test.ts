import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHttpServer } from '../../src/http/server.js';
import { registerRoutes, type RouteDef } from '../../src/http/routes.js';
import { PERMISSION_FLAGS } from '../../src/auth/permissions.js';
import { testConfig, type TestApp } from '../helpers/app.js';
import { createAuthTestApp as createTestApp } from './support/test-app.js';
import { databaseKinds } from '../helpers/databases.js';
import { call, type HttpMethod } from './support/http.js';
import { recordedRoutes, type RecordedRoute } from './support/route-recorder.js';

vi.mock('../../src/http/server.js', async (importOriginal) =>
  (await import('./support/route-recorder.js')).recording(await importOriginal()));

/** Routes anyone may call (rest.md §2–§3, roles.md §5.1), written `METHOD path` with `-` for `_`. */
const PUBLIC = new Set(['GET health', 'GET health/ready', 'GET schema', 'GET auth/first-run', 'POST auth/register', 'POST auth/login', 'POST auth/refresh', 'POST auth/logout',
  // monitoring.md §2.2 and §4: the push token is the secret; published status pages and their badges are public.
  'GET push/:token', 'POST push/:token', 'GET public/status/:slug', 'GET public/badge/:id/status.svg', 'GET public/badge/:id/uptime.svg']);
const isDocs = (path: string) => path === 'docs' || path.startsWith('docs/');

/** `users/:id/set-role` for `/api/v1/users/:id/set_role`: one key for every spelling of a route. */
const relativePath = (url: string) => url.replace(/^\/api(\/v1)?\/?/, '').replace(/\/$/, '').replace(/_/g, '-');

function bareServer(): FastifyInstance {
  return createHttpServer({ config: testConfig().config, logger: pino({ level: 'silent' }), authenticate: async () => { throw new Error('not used'); } }).app;
}

const handler = async () => ({ ok: true });

describe('the server refuses /api routes without a permission', () => {
  it.each(['/api/anything', '/api/v1/anything', '/api', '/api/'])('route(%s) without config throws at registration', (url) => {
    const app = bareServer();
    expect(() => app.route({ method: 'GET', url, handler })).toThrow(`route GET ${url} declares no permission`);
  });

  it('registerRoutes with a RouteDef lacking its permission throws for its first spelling', () => {
    const app = bareServer();
    const route = { method: 'POST', path: 'things/:id/do_it', handler } as unknown as RouteDef;
    expect(() => registerRoutes(app, [route])).toThrow('route POST /api/things/:id/do_it declares no permission');
  });

  it('accepts a route that declares one, and routes outside /api that do not', async () => {
    const app = bareServer();
    registerRoutes(app, [{ method: 'GET', path: 'things', permission: 'public', handler }]);
    app.route({ method: 'GET', url: '/metrics', handler });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/api/v1/things/' })).json()).toEqual({ ok: true });
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
  });

  it('registers no route of its own before the modules do (so the recorder sees every route)', async () => {
    const app = bareServer();
    await app.ready();
    expect(app.printRoutes().trim()).toBe('(empty tree)');
  });
});

describe.each(await databaseKinds())('every route of the real app on %s', (kind) => {
  let t: TestApp;
  let routes: RecordedRoute[];
  beforeAll(async () => {
    t = await createTestApp(kind);
    routes = recordedRoutes(t.app.http).filter((r) => r.url === '/api' || r.url.startsWith('/api/'));
  });
  afterAll(async () => t?.close());

  it('declares a known permission on every /api route, in every spelling and method', () => {
    expect(routes.length).toBeGreaterThan(100);
    const valid = (p: unknown) => ['public', 'any', 'owner', ...PERMISSION_FLAGS].includes(p as string)
      || (Array.isArray(p) && p.length > 0 && p.every((f) => (PERMISSION_FLAGS as readonly string[]).includes(f)));
    expect(routes.filter((r) => !valid(r.permission)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('gives every spelling (/api/v1/, `-` or `_`, HEAD of a GET) the permission of its canonical route', () => {
    const byRoute = new Map<string, Set<string>>();
    for (const r of routes) {
      const key = `${r.method === 'HEAD' ? 'GET' : r.method} ${relativePath(r.url)}`;
      (byRoute.get(key) ?? byRoute.set(key, new Set()).get(key)!).add(JSON.stringify(r.permission));
    }
    expect([...byRoute].filter(([, perms]) => perms.size > 1).map(([key, perms]) => `${key}: ${[...perms].join(' vs ')}`)).toEqual([]);
  });

  it('is public only where the spec says so', () => {
    const publicRoutes = routes.filter((r) => r.permission === 'public' && r.method !== 'HEAD' && !isDocs(relativePath(r.url)));
    expect(publicRoutes.filter((r) => !PUBLIC.has(`${r.method} ${relativePath(r.url)}`)).map((r) => `${r.method} ${r.url}`)).toEqual([]);
  });

  it('answers 401 not_authenticated to an anonymous call of every non-public route', async () => {
    const guarded = routes.filter((r) => r.permission !== 'public' && r.method !== 'HEAD');
    const failures: string[] = [];
    for (const r of guarded) {
      const url = r.url.replace(/:id\b/g, '1').replace(/:name\b/g, 'admin').replace(/:[a-z_]+/gi, 'x');
      const res = await call(t.app, r.method as HttpMethod, url);
      if (res.status !== 401 || res.body.code !== 'not_authenticated' || res.headers['www-authenticate'] !== 'Bearer realm="api"') {
        failures.push(`${r.method} ${url} → ${res.status} ${res.text.slice(0, 80)}`);
      }
    }
    expect(guarded.length).toBeGreaterThan(50);
    expect(failures).toEqual([]);
  });
});
