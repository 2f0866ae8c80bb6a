import type { RouteDef } from '../../http/routes.js';
import type { AppContext } from '../../context.js';
import { VERSION } from '../../version.js';
import { nowWire } from '../../db/values.js';

const startedAt = Date.now();

function base() {
  return {
    timestamp: nowWire(),
    service: 'everyst API',
    version: VERSION,
    uptime_seconds: Math.floor((Date.now() - startedAt) / 1000),
  };
}

export function healthRoutes(ctx: AppContext): RouteDef[] {
  return [
    {
      method: 'GET', path: 'health', permission: 'public', tags: ['meta'], summary: 'Liveness and database reachability',
      handler: async (_req, reply) => {
        try {
          await ctx.database.ping(2000);
          return { status: 'ok', ...base() };
        } catch {
          return reply.code(503).send({ status: 'error', ...base(), detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
        }
      },
    },
    {
      method: 'GET', path: 'health/ready', permission: 'public', tags: ['meta'], summary: 'Readiness of database, Redis and workers',
      handler: async (_req, reply) => {
        const checks = await ctx.readiness();
        const ok = checks.database.status === 'ok' && checks.redis.status !== 'error';
        return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'error', checks });
      },
    },
  ];
}
