import type { FastifyRequest } from 'fastify';
import { caller, type RouteDef } from '../../../http/routes.js';
import { pageOf } from '../../../http/pagination.js';
import { notFound } from '../../../errors.js';
import type { StatusPagesService } from './status-pages.service.js';
import * as s from './status-pages.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const slugOf = (r: FastifyRequest) => (r.params as { slug: string }).slug;
const manage = 'can_manage_monitors' as const;
const tags = ['monitors'];
const publicTags = ['public'];

/** Status page definitions (signed in) and the public answers of monitoring.md §4. */
export function statusPagesRoutes({ pages, trustProxy }: { pages: StatusPagesService; trustProxy: boolean }): RouteDef[] {
  const badge = (kind: 'status' | 'uptime') => async (r: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const svg = await pages.badge((r.params as { id: string }).id, kind, (r.query as { window?: string }).window);
    if (svg === null) throw notFound();
    return reply.header('Cache-Control', 'max-age=60').type('image/svg+xml; charset=utf-8').send(svg);
  };
  return [
    { method: 'GET', path: 'status-pages', permission: 'any', tags, summary: 'Status pages', schema: s.listPagesSchema, handler: async (r) => pageOf(r, trustProxy, (window) => pages.list(window)) },
    {
      method: 'POST', path: 'status-pages', permission: manage, tags, summary: 'Create a status page', schema: s.createPageSchema,
      handler: async (r, reply) => reply.code(201).send(await pages.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'status-pages/:slug', permission: 'any', tags, summary: 'One status page', schema: s.getPageSchema, handler: async (r) => pages.get(slugOf(r)) },
    { method: 'PUT', path: 'status-pages/:slug', permission: manage, tags, summary: 'Replace a status page', schema: s.updatePageSchema, handler: async (r) => pages.update(slugOf(r), body(r), true) },
    { method: 'PATCH', path: 'status-pages/:slug', permission: manage, tags, summary: 'Change a status page', schema: s.updatePageSchema, handler: async (r) => pages.update(slugOf(r), body(r), false) },
    {
      method: 'DELETE', path: 'status-pages/:slug', permission: manage, tags, summary: 'Delete a status page', schema: s.deletePageSchema,
      handler: async (r, reply) => {
        await pages.delete(slugOf(r));
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', path: 'public/status/:slug', permission: 'public', tags: publicTags, summary: 'A published status page (no sign-in)', schema: s.publicStatusSchema,
      handler: async (r) => pages.publicStatus(slugOf(r)),
    },
    { method: 'GET', path: 'public/badge/:id/status.svg', permission: 'public', tags: publicTags, summary: 'Status badge of a monitor on a published page', schema: s.badgeSchema, handler: badge('status') },
    { method: 'GET', path: 'public/badge/:id/uptime.svg', permission: 'public', tags: publicTags, summary: 'Uptime badge (window=24h|7d|30d|90d)', schema: s.badgeSchema, handler: badge('uptime') },
  ];
}
