import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VERSION } from '../../version.js';
import type { HttpStats } from './http-stats.js';
import type { MetricsService } from './metrics.service.js';
import { prometheusSchema } from './metrics.schemas.js';

const digest = (text: string) => createHash('sha256').update(text).digest();

function bearerMatches(request: FastifyRequest, token: string): 'missing' | 'wrong' | 'ok' {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  if (!match) return 'missing';
  return timingSafeEqual(digest(match[1]), digest(token)) ? 'ok' : 'wrong';
}

function unauthorized(reply: FastifyReply, detail: string, code: string) {
  return reply.code(401).header('WWW-Authenticate', 'Bearer realm="metrics"').header('Cache-Control', 'no-store')
    .send({ detail, code });
}

/** The configuration slice of the export (config.md PROMETHEUS_*). */
export interface PrometheusSettings { enabled: boolean; token: string | null }

export interface PrometheusDeps {
  metrics: MetricsService;
  settings: PrometheusSettings;
  stats: HttpStats;
  /** Sockets connected to this instance. */
  socketConnections: () => number;
}

/**
 * `GET /metrics` (metrics.md §6), outside /api/: no user token, only PROMETHEUS_TOKEN when set. When the export is
 * disabled the path still answers 404 JSON, so that it never falls through to the web client. Registered on the
 * server itself (not under the /api/ prefixes), with the hook that counts every request for `everyst_http_*`.
 */
export function registerPrometheusRoute(http: FastifyInstance, deps: PrometheusDeps): void {
  const { enabled, token } = deps.settings;

  if (enabled) {
    http.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      deps.stats.record(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
  }

  http.route({
    method: 'GET',
    url: '/metrics',
    schema: { ...prometheusSchema, summary: 'Prometheus text exposition of this instance', tags: ['metrics'], security: [] },
    handler: async (request, reply) => {
      if (!enabled) return reply.code(404).send({ detail: 'Not found.', code: 'not_found' });
      if (token) {
        const check = bearerMatches(request, token);
        if (check === 'missing') return unauthorized(reply, 'Authentication credentials were not provided.', 'not_authenticated');
        if (check === 'wrong') return unauthorized(reply, 'Invalid token.', 'authentication_failed');
      }
      const text = await deps.metrics.exposition({ socketConnections: deps.socketConnections(), version: VERSION, ...deps.stats.extras() });
      return reply.type('text/plain; version=0.0.4; charset=utf-8').header('Cache-Control', 'no-store').send(text);
    },
  });
}
