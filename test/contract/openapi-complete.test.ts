/**
 * The OpenAPI document describes every operation: a response schema for each 2xx, a request schema for every
 * operation that takes a body, tags, and security only where the route needs a signed-in caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';

type Operation = {
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
const BODY_METHODS = new Set(['post', 'put', 'patch']);

describe('the OpenAPI document', () => {
  let t: TestApp;
  let operations: Array<{ key: string; method: string; op: Operation }>;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    const doc = (await t.app.http.inject({ method: 'GET', url: '/api/schema/' })).json() as { paths: Record<string, Record<string, Operation>> };
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method, op })));
  });
  afterAll(() => t?.close());

  it('lists the API', () => {
    expect(operations.length).toBeGreaterThan(100);
  });

  it('gives every operation a response schema for its 2xx answers', () => {
    const missing = operations.filter(({ op }) => {
      const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
      return ok.length === 0 || ok.some(([status, r]) => status !== '204' && !Object.values(r.content ?? {}).some((c) => c.schema));
    }).map((o) => o.key);
    expect(missing).toEqual([]);
  });

  it('gives every body-taking operation a request schema', () => {
    const missing = operations.filter(({ method, op }) => BODY_METHODS.has(method) && !Object.values(op.requestBody?.content ?? {}).some((c) => c.schema))
      .map((o) => o.key);
    expect(missing).toEqual([]);
  });

  it('asks for the bearer token only where a route needs a signed-in caller', () => {
    const security = (key: string) => {
      const found = operations.find((o) => o.key === key);
      expect(found, key).toBeDefined();
      return found?.op.security;
    };
    for (const open of ['GET /api/health', 'GET /api/health/ready', 'POST /api/auth/login', 'POST /api/auth/refresh', 'GET /api/schema']) {
      expect(security(open), open).toEqual([]);
    }
    for (const signedIn of ['GET /api/users/me', 'GET /api/notifications', 'POST /api/network/scans/start_scan']) {
      expect(security(signedIn), signedIn).toBeUndefined();
    }
  });

  it('tags every operation', () => {
    expect(operations.filter(({ op }) => !op.tags?.length).map((o) => o.key)).toEqual([]);
  });
});
