import type { FastifyRequest } from 'fastify';
import { notFound } from '../errors.js';

export interface PageRequest { page: number; pageSize: number; offset: number }
export interface Page<T> { count: number; next: string | null; previous: string | null; results: T[] }

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 500;
/** Above this no offset is exact in a JS number (nor, far above it, in a 64-bit integer): no list is that long. */
const MAX_PAGE = Math.floor(Number.MAX_SAFE_INTEGER / MAX_PAGE_SIZE);

/** Reads `page` and `page_size` as spec README §Lists says (bad page → 404 "Invalid page."). */
export function pageRequest(query: Record<string, unknown>): PageRequest {
  const rawPage = query.page;
  let page = 1;
  if (rawPage !== undefined) {
    if (typeof rawPage !== 'string' || !/^\d+$/.test(rawPage) || Number(rawPage) < 1 || Number(rawPage) > MAX_PAGE) throw notFound('Invalid page.');
    page = Number(rawPage);
  }
  let pageSize = DEFAULT_PAGE_SIZE;
  const rawSize = query.page_size;
  if (typeof rawSize === 'string' && /^\d+$/.test(rawSize) && Number(rawSize) >= 1) pageSize = Math.min(Number(rawSize), MAX_PAGE_SIZE);
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/** Absolute base URL of the request (scheme + host), honouring X-Forwarded-* only behind a trusted proxy. */
export function requestOrigin(request: FastifyRequest, trustProxy: boolean): string {
  const header = (name: string) => {
    const v = request.headers[name];
    return (Array.isArray(v) ? v[0] : v)?.split(',')[0].trim();
  };
  const proto = (trustProxy && header('x-forwarded-proto')) || request.protocol;
  const host = (trustProxy && header('x-forwarded-host')) || request.headers.host || 'localhost';
  return `${proto}://${host}`;
}

function pageUrl(request: FastifyRequest, trustProxy: boolean, page: number): string {
  const url = new URL(request.url, requestOrigin(request, trustProxy));
  if (page === 1) url.searchParams.delete('page');
  else url.searchParams.set('page', String(page));
  return url.toString();
}

export function paginate<T>(request: FastifyRequest, trustProxy: boolean, req: PageRequest, count: number, results: T[]): Page<T> {
  return { count, ...pageLinks(request, trustProxy, req, count, results.length), results };
}

/** `next` and `previous` of a page that shows `shown` of `count` items (a page past the end → 404). */
export function pageLinks(request: FastifyRequest, trustProxy: boolean, req: PageRequest, count: number, shown: number): Pick<Page<unknown>, 'next' | 'previous'> {
  if (req.page > 1 && req.offset >= count) throw notFound('Invalid page.');
  return {
    next: req.offset + shown < count ? pageUrl(request, trustProxy, req.page + 1) : null,
    previous: req.page > 1 ? pageUrl(request, trustProxy, req.page - 1) : null,
  };
}

/** The rows a list shows: `limit` rows from `offset` on. Services take this, never the request. */
export interface ListWindow { limit: number; offset: number }
/** What a service's list answers: the total count and the rows of the window asked for. */
export interface Listing<T> { count: number; rows: T[] }

/** A route's page of a list: reads `page`/`page_size` from the query, asks the service for that window, links pages. */
export async function pageOf<T>(
  request: FastifyRequest, trustProxy: boolean, list: (window: ListWindow) => Promise<Listing<T>>,
): Promise<Page<T>> {
  const req = pageRequest(request.query as Record<string, unknown>);
  const { count, rows } = await list({ limit: req.pageSize, offset: req.offset });
  return paginate(request, trustProxy, req, count, rows);
}
