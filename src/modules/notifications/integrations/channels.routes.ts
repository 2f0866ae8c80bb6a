import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../../http/routes.js';
import { caller } from '../../../http/routes.js';
import { pageOf } from '../../../http/pagination.js';
import type { ChannelsService } from './channels.service.js';
import * as s from './channels.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['integrations'];
const permission = 'can_manage_system';

/** Notification channels (monitoring.md §5.1); every route needs can_manage_system. */
export function channelsRoutes({ channels, trustProxy }: { channels: ChannelsService; trustProxy: boolean }): RouteDef[] {
  return [
    {
      method: 'GET', path: 'integrations/channels/kinds', permission, tags, summary: 'Channel kinds and the config keys of each (the forms)',
      schema: s.listChannelKindsSchema, handler: async () => channels.kinds(),
    },
    {
      method: 'GET', path: 'integrations/channels', permission, tags, summary: 'Notification channels, by name',
      schema: s.listChannelsSchema, handler: async (request) => pageOf(request, trustProxy, (window) => channels.list(window)),
    },
    {
      method: 'POST', path: 'integrations/channels', permission, tags, summary: 'Create a channel',
      schema: s.createChannelSchema, handler: async (request, reply) => reply.code(201).send(await channels.create(caller(request), body(request))),
    },
    {
      method: 'GET', path: 'integrations/channels/:id', permission, tags, summary: 'One channel (secrets as <key>_set)',
      schema: s.getChannelSchema, handler: async (request) => channels.get(idOf(request)),
    },
    {
      method: ['PUT', 'PATCH'], path: 'integrations/channels/:id', permission, tags, summary: 'Replace (PUT) or change (PATCH) a channel',
      schema: s.updateChannelSchema, handler: async (request) => channels.update(idOf(request), body(request), request.method === 'PATCH'),
    },
    {
      method: 'DELETE', path: 'integrations/channels/:id', permission, tags, summary: 'Delete a channel and its queued deliveries',
      schema: s.deleteChannelSchema,
      handler: async (request, reply) => {
        await channels.delete(idOf(request));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'integrations/channels/:id/test', permission, tags, summary: 'Send a test message now (200, or 502 with the reason)',
      schema: s.testChannelSchema, handler: async (request) => channels.test(idOf(request)),
    },
  ];
}
