import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { FieldErrorCollector, notFound } from '../../errors.js';
import { pageRequest, paginate } from '../../http/pagination.js';
import type { RouteDef } from '../../http/routes.js';
import { wireTime } from '../../db/values.js';
import { historyResponse, parseHistoryQuery } from './history-query.js';
import { presentSample } from './metrics.presenter.js';
import { queryText, timestampParam } from './query-params.js';

const query = (r: FastifyRequest) => r.query as Record<string, unknown>;

export function metricsRoutes(ctx: AppContext): RouteDef[] {
  const metrics = ctx.services.metrics;
  const repo = metrics.historyRepo;
  const tags = ['metrics'];
  return [
    {
      method: 'GET', path: 'system/metrics/current', permission: 'any', tags, summary: 'Current host metrics (flat keys and extended set)',
      handler: async () => metrics.current(),
    },
    {
      method: 'GET', path: 'system/metrics/history', permission: 'any', tags, summary: 'Metrics history of a host',
      handler: async (request) => historyResponse(repo, parseHistoryQuery(query(request), Date.now(), metrics.host)),
    },
    {
      method: 'GET', path: 'system/metrics/hosts', permission: 'any', tags, summary: 'Hosts that have metrics history',
      handler: async () => ({
        current_host: metrics.host,
        hosts: (await repo.hosts()).map((h) => ({ host: h.host, first_sample: wireTime(h.first), last_sample: wireTime(h.last) })),
      }),
    },
    {
      method: 'GET', path: 'metrics', permission: 'any', tags, summary: 'Minute history samples, newest first',
      handler: async (request) => {
        const q = query(request);
        const page = pageRequest(q);
        const errors = new FieldErrorCollector();
        const since = timestampParam(q, 'since', errors);
        const until = timestampParam(q, 'until', errors);
        errors.throwIfAny();
        const filters = {
          resolution: 'minute' as const,
          host: queryText(q, 'host'),
          since: since === undefined ? undefined : new Date(since).toISOString(),
          until: until === undefined ? undefined : new Date(until).toISOString(),
        };
        const [count, rows] = await Promise.all([repo.count(filters), repo.list(filters, page.offset, page.pageSize)]);
        return paginate(request, ctx.config.trustProxy, page, count, rows.map(presentSample));
      },
    },
    {
      method: 'GET', path: 'metrics/:id', permission: 'any', tags, summary: 'One history sample',
      handler: async (request) => {
        const raw = (request.params as { id: string }).id;
        if (!/^\d{1,15}$/.test(raw)) throw notFound();
        const row = await repo.findById(Number(raw));
        if (!row) throw notFound();
        return presentSample(row);
      },
    },
  ];
}
