import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../../http/routes.js';
import { caller } from '../../../http/routes.js';
import type { AppContext } from '../../../context.js';
import { pageRequest, paginate } from '../../../http/pagination.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['integrations'];
const permission = 'can_manage_system';

/** SMTP settings and webhooks (rest.md §7); every route needs can_manage_system. */
export function integrationsRoutes(ctx: AppContext): RouteDef[] {
  const { smtp, webhooks } = ctx.services;
  return [
    { method: 'GET', path: 'integrations/smtp', permission, tags, summary: 'Effective SMTP settings (never the password)', handler: async () => smtp.get() },
    {
      method: 'PUT', path: 'integrations/smtp', permission, tags, summary: 'Store SMTP settings (override the environment)',
      handler: async (request) => smtp.put(caller(request), body(request)),
    },
    {
      method: 'DELETE', path: 'integrations/smtp', permission, tags, summary: 'Remove stored SMTP settings',
      handler: async (_request, reply) => {
        await smtp.remove();
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'integrations/smtp/test', permission, tags, summary: 'Send a test email now',
      handler: async (request) => smtp.test(caller(request), body(request)),
    },
    {
      method: 'GET', path: 'integrations/webhooks', permission, tags,
      handler: async (request) => {
        const page = pageRequest(request.query as Record<string, unknown>);
        const { count, results } = await webhooks.list(page.pageSize, page.offset);
        return paginate(request, ctx.config.trustProxy, page, count, results);
      },
    },
    {
      method: 'POST', path: 'integrations/webhooks', permission, tags, summary: 'Create a webhook; its secret is shown only here',
      handler: async (request, reply) => reply.code(201).send(await webhooks.create(caller(request), body(request))),
    },
    { method: 'GET', path: 'integrations/webhooks/:id', permission, tags, handler: async (request) => webhooks.present(await webhooks.find(idOf(request))) },
    {
      method: ['PUT', 'PATCH'], path: 'integrations/webhooks/:id', permission, tags,
      handler: async (request) => webhooks.update(idOf(request), body(request), request.method === 'PATCH'),
    },
    {
      method: 'DELETE', path: 'integrations/webhooks/:id', permission, tags,
      handler: async (request, reply) => {
        await webhooks.delete(idOf(request));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'integrations/webhooks/:id/test', permission, tags, summary: 'Send a signed test event now',
      handler: async (request) => webhooks.test(idOf(request)),
    },
  ];
}
