import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../../http/routes.js';
import { caller } from '../../../http/routes.js';
import { pageOf } from '../../../http/pagination.js';
import type { SmtpSettingsService } from './smtp.service.js';
import type { WebhooksService } from './webhooks.service.js';
import * as s from './integrations.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['integrations'];
const permission = 'can_manage_system';

export interface IntegrationsRoutesDeps { smtp: SmtpSettingsService; webhooks: WebhooksService; trustProxy: boolean }

/** SMTP settings and webhooks (rest.md §7); every route needs can_manage_system. */
export function integrationsRoutes({ smtp, webhooks, trustProxy }: IntegrationsRoutesDeps): RouteDef[] {
  return [
    {
      method: 'GET', path: 'integrations/smtp', permission, tags, summary: 'Effective SMTP settings (never the password)',
      schema: s.getSmtpSchema, handler: async () => smtp.get(),
    },
    {
      method: 'PUT', path: 'integrations/smtp', permission, tags, summary: 'Store SMTP settings (override the environment)',
      schema: s.putSmtpSchema, handler: async (request) => smtp.put(caller(request), body(request)),
    },
    {
      method: 'DELETE', path: 'integrations/smtp', permission, tags, summary: 'Remove stored SMTP settings',
      schema: s.deleteSmtpSchema,
      handler: async (_request, reply) => {
        await smtp.remove();
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'integrations/smtp/test', permission, tags, summary: 'Send a test email now',
      schema: s.testSmtpSchema, handler: async (request) => smtp.test(caller(request), body(request)),
    },
    {
      method: 'GET', path: 'integrations/webhooks', permission, tags, summary: 'Webhooks, oldest first',
      schema: s.listWebhooksSchema, handler: async (request) => pageOf(request, trustProxy, (window) => webhooks.list(window)),
    },
    {
      method: 'POST', path: 'integrations/webhooks', permission, tags, summary: 'Create a webhook; its secret is shown only here',
      schema: s.createWebhookSchema, handler: async (request, reply) => reply.code(201).send(await webhooks.create(caller(request), body(request))),
    },
    {
      method: 'GET', path: 'integrations/webhooks/:id', permission, tags, summary: 'One webhook',
      schema: s.getWebhookSchema, handler: async (request) => webhooks.get(idOf(request)),
    },
    {
      method: ['PUT', 'PATCH'], path: 'integrations/webhooks/:id', permission, tags, summary: 'Replace (PUT) or change (PATCH) a webhook',
      schema: s.updateWebhookSchema, handler: async (request) => webhooks.update(idOf(request), body(request), request.method === 'PATCH'),
    },
    {
      method: 'DELETE', path: 'integrations/webhooks/:id', permission, tags, summary: 'Delete a webhook',
      schema: s.deleteWebhookSchema,
      handler: async (request, reply) => {
        await webhooks.delete(idOf(request));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'integrations/webhooks/:id/test', permission, tags, summary: 'Send a signed test event now',
      schema: s.testWebhookSchema, handler: async (request) => webhooks.test(idOf(request)),
    },
  ];
}
