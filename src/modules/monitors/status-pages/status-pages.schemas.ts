/** Route schemas of status pages and the public answers (monitoring.md §4). */
import { object } from '../../../http/schema-kit.js';
import { pageQuery, pageSchema } from '../../../http/schema-components.js';

const field = (description: string) => ({ description }) as const;
const str = { type: 'string' } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const ratio = { type: ['number', 'null'], minimum: 0, maximum: 1 } as const;
const slugParams = object({ slug: { type: 'string', description: 'a-z, 0-9 and -, 3–64 characters' } });

const page = object({
  slug: str, title: str, description: str, monitors: { type: 'array', items: str }, published: { type: 'boolean' },
  show_response_times: { type: 'boolean' }, footer: str, created_at: time, updated_at: time,
});
const pageBody = {
  type: 'object', additionalProperties: true,
  properties: {
    slug: field('Required, unique: a-z, 0-9 and -, 3–64'), title: field('Required, at most 200 characters'), description: field('Text'),
    monitors: field('Monitor ids, in the order shown'), published: field('Boolean: public while true'),
    show_response_times: field('Boolean'), footer: field('Text'),
  },
  examples: [{ slug: 'home', title: 'Home services', monitors: [], published: true }],
} as const;

export const listPagesSchema = { querystring: pageQuery(), response: { 200: pageSchema(page) } } as const;
export const createPageSchema = { body: pageBody, response: { 201: page } } as const;
export const getPageSchema = { params: slugParams, response: { 200: page } } as const;
export const updatePageSchema = { params: slugParams, body: pageBody, response: { 200: page } } as const;
export const deletePageSchema = { params: slugParams, response: { 204: { type: 'null', description: 'Deleted' } } } as const;

const publicMonitor = object({
  name: str, status: str,
  uptime: object({ '24h': ratio, '30d': ratio, '90d': ratio }),
  days: { type: 'array', items: object({ date: str, uptime: ratio }) },
  response_ms: { type: ['number', 'null'], description: 'Only with show_response_times' },
}, ['response_ms']);

export const publicStatusSchema = {
  params: slugParams,
  response: {
    200: object({
      title: str, description: str, overall: { type: 'string', enum: ['up', 'degraded', 'down', 'maintenance'] },
      monitors: { type: 'array', items: publicMonitor },
      incidents: { type: 'array', items: object({ monitor: str, started_at: time, ended_at: time, duration_s: { type: ['number', 'null'] }, message: str }) },
      footer: str, updated_at: time,
    }),
  },
} as const;

export const badgeSchema = {
  params: object({ id: { type: 'string', description: 'Monitor UUID' } }),
  querystring: { type: 'object', properties: { window: field('24h (default), 7d, 30d or 90d') } },
  response: { 200: { type: 'string', description: 'image/svg+xml' } },
} as const;
