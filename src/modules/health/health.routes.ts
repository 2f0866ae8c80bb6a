import type { RouteDef } from '../../http/routes.js';
import { VERSION } from '../../version.js';
import { nowWire } from '../../db/values.js';
import { healthSchema, readinessSchema } from './health.schemas.js';
import type { HealthService } from './health.service.js';

const startedAt = Date.now();

function base() {
  return {
    timestamp: nowWire(),
    service: 'everyst API',
    version: VERSION,
    uptime_seconds: Math.floor((Date.now() - startedAt) / 1000),
  };
}

export function healthRoutes(health: HealthService): RouteDef[] {
  return [
    {
      method: 'GET', path: 'health', permission: 'public', tags: ['meta'], summary: 'Liveness and database reachability',
      schema: healthSchema,
      handler: async (_req, reply) => {
        if (await health.databaseAnswers()) return { status: 'ok', ...base() };
        return reply.code(503).send({ status: 'error', ...base(), detail: 'Service temporarily unavailable.', code: 'service_unavailable' });
      },
    },
    {
      method: 'GET', path: 'health/ready', permission: 'public', tags: ['meta'], summary: 'Readiness of database, Redis and workers',
      schema: readinessSchema,
      handler: async (_req, reply) => {
        const { ready, checks } = await health.readiness();
        return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'error', checks });
      },
    },
  ];
}
