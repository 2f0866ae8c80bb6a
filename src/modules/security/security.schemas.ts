import { object, timestamp } from '../../http/schema-kit.js';

/** Route schemas of security.md §3. Query parameters are parsed by hand (the `since` message is the contract's). */
const status = { type: 'string', enum: ['success', 'warning', 'error'] } as const;
const checkStatus = { type: 'string', enum: ['pass', 'warn', 'fail', 'unknown'] } as const;
const score = { type: 'integer', minimum: 0, maximum: 100 } as const;

const check = object({
  id: { type: 'string', examples: ['listening_ports'] },
  title: { type: 'string' },
  status: checkStatus,
  detail: { type: 'string' },
  evidence: {
    type: ['object', 'null'],
    additionalProperties: true,
    description: 'What the check read; null unless the caller has can_view_all_data.',
  },
}, ['evidence']);

const listener = object({
  protocol: { type: 'string', enum: ['tcp', 'udp'] },
  address: { type: 'string' },
  port: { type: 'integer' },
  process: { type: ['string', 'null'] },
});

/** The latest snapshot (`GET security/`, `POST security/refresh/`). */
const snapshot = {
  ...object({
    timestamp,
    score,
    status,
    checks: { type: 'array', items: check },
    listening: { type: ['array', 'null'], items: listener, description: 'null unless the caller has can_view_all_data' },
  }),
  examples: [{
    timestamp: '2025-07-27T10:15:30.123+00:00', score: 90, status: 'warning',
    checks: [{ id: 'listening_ports', title: 'Listening ports', status: 'warn', detail: '1 unexpected listener', evidence: null }],
    listening: null,
  }],
} as const;

const errorShape = object({ detail: { type: 'string' }, code: { type: 'string' } });

export const latestSchema = { response: { 200: snapshot } } as const;

export const refreshSchema = {
  body: { type: 'object', description: 'No fields.' },
  response: { 200: snapshot, 429: { ...errorShape, description: 'A refresh was taken less than 10 s ago (Retry-After says when to try again)' } },
} as const;

const summary = object({
  timestamp,
  score,
  status,
  checks: { type: 'array', items: object({ id: { type: 'string' }, status: checkStatus }) },
});

export const historySchema = {
  querystring: {
    type: 'object',
    properties: {
      since: { description: 'ISO-8601 date-time with `Z` or an offset' },
      page: { description: 'page number, from 1' },
      page_size: { description: '1–500 (default 50)' },
    },
  },
  response: {
    200: object({
      count: { type: 'integer' },
      next: { type: ['string', 'null'] },
      previous: { type: ['string', 'null'] },
      results: { type: 'array', items: summary },
    }),
  },
} as const;
