import type { FastifyRequest } from 'fastify';
import { validationError } from '../../errors.js';
import { pageOf } from '../../http/pagination.js';
import { caller, type RouteDef } from '../../http/routes.js';
import { presentSnapshot, presentSummary } from './security.presenter.js';
import { historySchema, latestSchema, refreshSchema } from './security.schemas.js';
import type { SecurityService } from './security.service.js';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `since`: an ISO-8601 date-time with `Z` or an offset (spec README §Timestamps). */
function parseSince(query: Record<string, unknown>): string | undefined {
  if (typeof query.since !== 'string' || query.since.trim() === '') return undefined;
  // An unencoded '+' of the offset arrives as a space.
  const since = query.since.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  if (!ISO_WITH_OFFSET.test(since) || Number.isNaN(Date.parse(since))) {
    throw validationError({ since: ['Datetime has wrong format. Use an ISO 8601 date-time with a time zone.'] });
  }
  return new Date(since).toISOString();
}

const query = (r: FastifyRequest) => (r.query ?? {}) as Record<string, unknown>;

/** security.md §3; `security/…` is also reachable as `system/security/…`. */
export function securityRoutes(security: SecurityService, opts: { trustProxy: boolean }): RouteDef[] {
  const tags = ['security'];
  const canSeeAll = (r: FastifyRequest) => caller(r).role.can_view_all_data;

  const routes = (base: string): RouteDef[] => [
    {
      method: 'GET', path: base, permission: 'any', tags,
      summary: 'Latest host security snapshot (listening and evidence only with can_view_all_data)',
      schema: latestSchema,
      handler: async (r) => presentSnapshot(await security.latest(), canSeeAll(r)),
    },
    {
      method: 'POST', path: `${base}/refresh`, permission: 'can_manage_system', tags,
      summary: 'Take a host security snapshot now (at most one per 10 s)',
      schema: refreshSchema,
      handler: async (r) => presentSnapshot(await security.refresh(), canSeeAll(r)),
    },
    {
      method: 'GET', path: `${base}/history`, permission: 'can_view_all_data', tags,
      summary: 'Host security snapshots, newest first; filter since',
      schema: historySchema,
      handler: async (r) => {
        const since = parseSince(query(r));
        return pageOf(r, opts.trustProxy, async (window) => {
          const { count, rows } = await security.history({ since }, window);
          return { count, rows: rows.map(presentSummary) };
        });
      },
    },
  ];
  return [...routes('security'), ...routes('system/security')];
}
