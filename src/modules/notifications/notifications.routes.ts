import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { AppContext } from '../../context.js';
import { validationError } from '../../errors.js';
import { parseCreateBody } from './notifications.input.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['notifications'];

export function notificationsRoutes(ctx: AppContext): RouteDef[] {
  const { notifications, notificationPreferences: preferences, deliveries } = ctx.services;
  const trustProxy = ctx.config.trustProxy;
  return [
    {
      method: 'GET', path: 'notifications', permission: 'any', tags, summary: 'Visible notifications, newest first, with unread_count',
      handler: async (request, reply) => reply.type('application/json; charset=utf-8').send(await notifications.listJson(caller(request), request, trustProxy)),
    },
    {
      method: 'POST', path: 'notifications', permission: 'any', tags, summary: 'Create a notification (self, a user, a role or everyone)',
      handler: async (request, reply) => {
        const { input, target } = parseCreateBody(body(request));
        const created = await notifications.createAs(caller(request), target, input, {
          user: (id) => validationError({ user: [`User ${id} not found`] }),
          role: (name) => validationError({ target_role: [`Role '${name}' does not exist`] }),
        });
        return reply.code(201).send(created);
      },
    },
    {
      method: 'POST', path: 'notifications/mark_as_read', permission: 'any', tags, summary: 'Mark the given notifications read',
      handler: async (request) => notifications.markAsRead(caller(request), body(request)),
    },
    {
      method: 'POST', path: 'notifications/mark_all_as_read', permission: 'any', tags, summary: 'Mark every visible notification read',
      handler: async (request) => notifications.markAllAsRead(caller(request)),
    },
    {
      method: 'GET', path: 'notifications/unread_count', permission: 'any', tags,
      handler: async (request) => ({ count: await notifications.unreadCount(caller(request)) }),
    },
    {
      method: 'GET', path: 'notifications/recent', permission: 'any', tags, summary: 'Up to 10 notifications of the last 7 days (bare array)',
      handler: async (request) => notifications.recent(caller(request)),
    },
    {
      method: 'GET', path: 'notifications/preferences', permission: 'any', tags, summary: "The caller's delivery preferences",
      handler: async (request) => preferences.get(caller(request)),
    },
    {
      method: ['PUT', 'PATCH'], path: 'notifications/preferences', permission: 'any', tags,
      handler: async (request) => preferences.update(caller(request), body(request), request.method === 'PATCH'),
    },
    {
      method: 'GET', path: 'notifications/deliveries', permission: 'can_manage_system', tags, summary: 'Email and webhook deliveries (outbox)',
      handler: async (request) => deliveries.list(request, trustProxy),
    },
    {
      method: 'POST', path: 'notifications/deliveries/:id/retry', permission: 'can_manage_system', tags, summary: 'Queue a failed delivery again',
      handler: async (request) => deliveries.retry(idOf(request)),
    },
    {
      method: 'GET', path: 'notifications/:id', permission: 'any', tags,
      handler: async (request) => notifications.get(caller(request), idOf(request)),
    },
    {
      method: ['PATCH', 'PUT'], path: 'notifications/:id', permission: 'any', tags, summary: "Set the caller's read state",
      handler: async (request) => notifications.setRead(caller(request), idOf(request), body(request)),
    },
    {
      method: 'DELETE', path: 'notifications/:id', permission: 'any', tags, summary: 'Delete (personal, or for everyone) or dismiss',
      handler: async (request, reply) => {
        await notifications.remove(caller(request), idOf(request));
        return reply.code(204).send();
      },
    },
  ];
}
