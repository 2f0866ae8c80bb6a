import { object, timestamp } from '../../http/schema-kit.js';

const service = {
  status: { type: 'string', enum: ['ok', 'error'] },
  timestamp,
  service: { type: 'string', examples: ['everyst API'] },
  version: { type: 'string', examples: ['1.0.0'] },
  uptime_seconds: { type: 'integer', minimum: 0 },
} as const;

export const healthSchema = {
  response: {
    200: object(service),
    503: object({ ...service, detail: { type: 'string' }, code: { type: 'string' } }),
  },
} as const;

const check = (statuses: string[], extra: Record<string, unknown> = {}) => object({ status: { type: 'string', enum: statuses }, ...extra });
const readiness = object({
  status: { type: 'string', enum: ['ok', 'error'] },
  checks: object({
    database: check(['ok', 'error'], { latency_ms: { type: 'number' } }),
    redis: check(['ok', 'error', 'disabled']),
    workers: check(['ok', 'none', 'disabled'], { count: { type: 'integer', minimum: 0 } }),
  }),
});

export const readinessSchema = { response: { 200: readiness, 503: readiness } } as const;
