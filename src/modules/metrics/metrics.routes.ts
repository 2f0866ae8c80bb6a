import type { FastifyRequest } from 'fastify';
import { FieldErrorCollector, notFound } from '../../errors.js';
import { pageOf } from '../../http/pagination.js';
import type { RouteDef } from '../../http/routes.js';
import { isUuid, wireTime } from '../../db/values.js';
import { parseHistoryQuery } from './history-query.js';
import { presentSample } from './metrics.presenter.js';
import { currentSchema, historySchema, hostsSchema, sampleSchema, samplesSchema } from './metrics.schemas.js';
import type { MetricsService, SampleListFilter } from './metrics.service.js';
import { queryText, timestampParam } from './query-params.js';

const query = (r: FastifyRequest) => r.query as Record<string, unknown>;
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** `since`, `until` and `host` of `GET metrics/` (400 naming the field). */
function sampleFilter(q: Record<string, unknown>): SampleListFilter {
  const errors = new FieldErrorCollector();
  const since = timestampParam(q, 'since', errors);
  const until = timestampParam(q, 'until', errors);
  errors.throwIfAny();
  return { host: queryText(q, 'host'), since: iso(since), until: iso(until) };
}

export function metricsRoutes(metrics: MetricsService, opts: { trustProxy: boolean }): RouteDef[] {
  const tags = ['metrics'];
  return [
    {
      method: 'GET', path: 'system/metrics/current', permission: 'any', tags, summary: 'Current host metrics (flat keys and extended set)',
      schema: currentSchema,
      handler: async (request) => {
        const host = queryText(query(request), 'host');
        return metrics.isOwnHost(host) ? metrics.current() : metrics.agentCurrent(host!.toLowerCase());
      },
    },
    {
      method: 'GET', path: 'system/metrics/history', permission: 'any', tags, summary: 'Metrics history of a host',
      schema: historySchema,
      handler: async (request) => {
        const q = parseHistoryQuery(query(request), Date.now(), metrics.host);
        // Agent hosts are their ids, kept in lower case.
        return metrics.historyPoints(metrics.isOwnHost(q.host) || !isUuid(q.host) ? q : { ...q, host: q.host.toLowerCase() });
      },
    },
    {
      method: 'GET', path: 'system/metrics/hosts', permission: 'any', tags, summary: 'Hosts that have metrics history, and every agent',
      schema: hostsSchema,
      handler: async () => ({
        current_host: metrics.host,
        hosts: (await metrics.hosts()).map((h) => ({
          host: h.host, first_sample: wireTime(h.first), last_sample: wireTime(h.last), kind: h.kind, agent_id: h.agentId, name: h.name, online: h.online,
        })),
      }),
    },
    {
      method: 'GET', path: 'metrics', permission: 'any', tags, summary: 'Minute history samples, newest first',
      schema: samplesSchema,
      // The page is read first: a bad page answers 404 before a bad filter answers 400.
      handler: async (request) => pageOf(request, opts.trustProxy, async (window) => {
        const { count, rows } = await metrics.samples(sampleFilter(query(request)), window);
        return { count, rows: rows.map(presentSample) };
      }),
    },
    {
      method: 'GET', path: 'metrics/:id', permission: 'any', tags, summary: 'One history sample',
      schema: sampleSchema,
      handler: async (request) => {
        const raw = (request.params as { id: string }).id;
        if (!/^\d{1,15}$/.test(raw)) throw notFound();
        return presentSample(await metrics.sample(Number(raw)));
      },
    },
  ];
}
