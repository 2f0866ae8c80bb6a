import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { call } from './support/http.js';
import { canonicalRouteKeys, routeMatches } from './support/route-recorder.js';
import { createMatrixEnv, type MatrixEnv } from './matrix/fixture.js';
import { ACTORS, MATRIX, MATRIX_SCOPES } from './matrix-table.js';

vi.mock('../../src/http/server.js', async (importOriginal) =>
  (await import('./support/route-recorder.js')).recording(await importOriginal()));

describe.each(await databaseKinds())('endpoint × role matrix (roles.md §5.1) on %s', (kind) => {
  let env: MatrixEnv;
  beforeAll(async () => {
    env = await createMatrixEnv(kind);
  }, 120_000);
  afterAll(async () => env?.close());

  it('has a row for every registered route in its scopes', () => {
    const routes = canonicalRouteKeys(env.test.app.http);
    const inScope = routes.filter((key) => MATRIX_SCOPES.includes(key.split(' ')[1].split('/')[0]));
    expect(inScope.length).toBeGreaterThan(30);
    const uncovered = inScope.filter((key) => !MATRIX.some((row) => row.route === key));
    expect(uncovered).toEqual([]);
  });

  describe.each(MATRIX)('$route — $case', (row) => {
    it.each(ACTORS.map((actor, i) => [actor, row.expect[i]] as const))('%s → %i', async (actor, expected) => {
      const cell = env.cell(actor);
      const request = await row.request(cell);
      expect(routeMatches(row.route, request.method, request.url), `${request.method} ${request.url} is not an instance of ${row.route}`).toBe(true);
      const token = request.token === undefined ? cell.me?.access : (request.token ?? undefined);
      const res = await call(env.test.app, request.method, request.url, { token, payload: request.payload, headers: request.headers });
      try {
        expect(res.status, res.text.slice(0, 300)).toBe(expected);
        if (expected === 401) expect(res.body).toMatchObject({ code: 'not_authenticated' });
        if (expected === 403) expect(res.body).toMatchObject({ code: 'permission_denied' });
        if (expected === 404) expect(res.body).toMatchObject({ code: 'not_found' });
      } finally {
        await row.after?.(cell, res.status, request);
      }
    });
  });
});
