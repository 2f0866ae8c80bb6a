import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import { validationError } from '../../errors.js';
import { pageLinks, pageOf, pageRequest } from '../../http/pagination.js';
import { parseCreateBody, parseDeliveryFilters, parseListFilters } from './notifications.input.js';
import type { NotificationsService } from './notifications.service.js';
import type { PreferencesService } from './preferences.service.js';
import type { DeliveriesService } from './outbox/deliveries.service.js';
import * as s from './notifications.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const query = (r: FastifyRequest) => r.query as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['notifications'];

export interface NotificationsRoutesDeps {
  notifications: NotificationsService;
  preferences: PreferencesService;
  deliveries: DeliveriesService;
  /** The notifications change counter as this request found it (the list's page cache is exact with it). */
  versionOf(request: FastifyRequest): Promise<number>;
  trustProxy: boolean;
}

export function notificationsRoutes({ notifications, preferences, deliveries, versionOf, trustProxy }: NotificationsRoutesDeps): RouteDef[] {
  return [
    {
      method: 'GET', path: 'notifications', permission: 'any', tags, summary: 'Visible notifications, newest first, with unread_count',
      schema: s.listSchema,
      handler: async (request, reply) => {
        const page = pageRequest(query(request));
        const filters = parseListFilters(query(request));
        const window = { limit: page.pageSize, offset: page.offset };
        const { count, unread, shown, results } = await notifications.page(caller(request), filters, window, await versionOf(request));
        const { next, previous } = pageLinks(request, trustProxy, page, count, shown);
        // The page's results are cached as JSON text: the envelope is written around them.
        const json = `{"count":${count},"unread_count":${unread},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},"results":${results}}`;
        return reply.type('application/json; charset=utf-8').send(json);
      },
    },
    {
      method: 'POST', path: 'notifications', permission: 'any', tags, summary: 'Create a notification (self, a user, a role or everyone)',
      schema: s.createSchema,
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
      schema: s.markAsReadSchema,
      handler: async (request) => notifications.markAsRead(caller(request), body(request)),
    },
    {
      method: 'POST', path: 'notifications/mark_all_as_read', permission: 'any', tags, summary: 'Mark every visible notification read',
      schema: s.markAllAsReadSchema,
      handler: async (request) => notifications.markAllAsRead(caller(request)),
    },
    {
      method: 'GET', path: 'notifications/unread_count', permission: 'any', tags, summary: 'How many visible notifications are unread',
      schema: s.unreadCountSchema,
      handler: async (request) => ({ count: await notifications.unreadCount(caller(request)) }),
    },
    {
      method: 'GET', path: 'notifications/recent', permission: 'any', tags, summary: 'Up to 10 notifications of the last 7 days (bare array)',
      schema: s.recentSchema,
      handler: async (request) => notifications.recent(caller(request)),
    },
    {
      method: 'GET', path: 'notifications/preferences', permission: 'any', tags, summary: "The caller's delivery preferences",
      schema: s.getPreferencesSchema,
      handler: async (request) => preferences.get(caller(request)),
    },
    {
      method: ['PUT', 'PATCH'], path: 'notifications/preferences', permission: 'any', tags, summary: 'Replace (PUT) or merge (PATCH) the preferences',
      schema: s.updatePreferencesSchema,
      handler: async (request) => preferences.update(caller(request), body(request), request.method === 'PATCH'),
    },
    {
      method: 'GET', path: 'notifications/deliveries', permission: 'can_manage_system', tags, summary: 'Email and webhook deliveries (outbox)',
      schema: s.deliveriesSchema,
      handler: async (request) => {
        const filters = parseDeliveryFilters(query(request));
        return pageOf(request, trustProxy, (window) => deliveries.list(filters, window));
      },
    },
    {
      method: 'POST', path: 'notifications/deliveries/:id/retry', permission: 'can_manage_system', tags, summary: 'Queue a failed delivery again',
      schema: s.retrySchema,
      handler: async (request) => deliveries.retry(idOf(request)),
    },
    {
      method: 'GET', path: 'notifications/:id', permission: 'any', tags, summary: 'One visible notification',
      schema: s.getSchema,
      handler: async (request) => notifications.get(caller(request), idOf(request)),
    },
    {
      method: ['PATCH', 'PUT'], path: 'notifications/:id', permission: 'any', tags, summary: "Set the caller's read state",
      schema: s.setReadSchema,
      handler: async (request) => notifications.setRead(caller(request), idOf(request), body(request)),
    },
    {
      method: 'DELETE', path: 'notifications/:id', permission: 'any', tags, summary: 'Delete (personal, or for everyone) or dismiss',
      schema: s.deleteSchema,
      handler: async (request, reply) => {
        await notifications.remove(caller(request), idOf(request));
        return reply.code(204).send();
      },
    },
  ];
}
