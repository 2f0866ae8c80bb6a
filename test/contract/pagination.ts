import { expect } from 'vitest';
import { expectStatus, type CallOptions, type World } from './harness.js';
import { expectError } from './shapes.js';

const HOST = 'everyst.example:8443';
const ABSOLUTE = /^http:\/\/everyst\.example:8443\/api\//;

/**
 * The pagination envelope of README §Lists: with `page_size=1` over a list of at least two items, `next` and
 * `previous` are absolute URLs (request scheme and Host) that keep the other query parameters; a page past the
 * end answers 404 "Invalid page.".
 */
export async function expectPagination(w: World, key: string, callOpts: CallOptions = {}): Promise<void> {
  const opts = { ...callOpts, headers: { ...callOpts.headers, host: HOST } };
  const query = { ...opts.query, page_size: 1 };
  const first = await w.call(key, { ...opts, query });
  expectStatus(first, 200);
  expect(first.body.count, `${key} needs at least two items to check its pagination`).toBeGreaterThanOrEqual(2);
  expect(first.body.results).toHaveLength(1);
  expect(first.body.previous).toBeNull();
  expect(first.body.next).toMatch(ABSOLUTE);
  const next = new URL(first.body.next as string);
  expect(next.searchParams.get('page')).toBe('2');
  expect(next.searchParams.get('page_size')).toBe('1');
  for (const [k, v] of Object.entries(opts.query ?? {})) expect(next.searchParams.get(k)).toBe(String(v));

  const second = await w.raw('GET', next.pathname + next.search, opts);
  expectStatus(second, 200);
  expect(second.body.results).toHaveLength(1);
  expect(second.body.results[0]).not.toEqual(first.body.results[0]);
  expect(second.body.previous).toMatch(ABSOLUTE);
  expect(new URL(second.body.previous as string).pathname).toBe(next.pathname);

  const past = await w.call(key, { ...opts, query: { ...query, page: first.body.count + 1 } });
  expectStatus(past, 404);
  expectError(past.body, 'not_found', 'Invalid page.');
}
