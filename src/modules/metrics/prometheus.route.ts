import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { renderPrometheus } from '../../system/metrics/prometheus.js';
import { VERSION } from '../../version.js';
import { DashboardRepository } from './dashboard.repository.js';
import { HttpStats } from './http-stats.js';

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

/**
 * `GET /metrics` (metrics.md §6), outside /api/: no user token, only PROMETHEUS_TOKEN when set. When the export is
 * disabled the path still answers 404 JSON, so that it never falls through to the web client.
 */
export function registerPrometheusRoute(ctx: AppContext, http: FastifyInstance): void {
  const { enabled, token } = ctx.config.prometheus;
  const stats = new HttpStats();
  const repo = new DashboardRepository(ctx.db);

  if (enabled) {
    http.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      stats.record(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    });
  }

  http.route({
    method: 'GET',
    url: '/metrics',
    schema: { hide: true },
    handler: async (request, reply) => {
      if (!enabled) return reply.code(404).send({ detail: 'Not found.', code: 'not_found' });
      if (token) {
        const check = bearerMatches(request, token);
        if (check === 'missing') return unauthorized(reply, 'Authentication credentials were not provided.', 'not_authenticated');
        if (check === 'wrong') return unauthorized(reply, 'Invalid token.', 'authentication_failed');
      }
      const [snapshot, devices, alertsOpen] = await Promise.all([
        ctx.services.metrics.reading(),
        repo.devicesByStatus(),
        repo.openAlertsBySeverity(),
      ]);
      const text = renderPrometheus(snapshot, {
        devices, alertsOpen, socketConnections: ctx.gateway.io.of('/').sockets.size, version: VERSION, ...stats.extras(),
      });
      return reply.type('text/plain; version=0.0.4; charset=utf-8').header('Cache-Control', 'no-store').send(text);
    },
  });
}
