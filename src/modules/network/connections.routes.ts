import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { caller, type RouteDef } from '../../http/routes.js';
import { presentConnection } from './network.presenter.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** rest.md §8.4. */
export function connectionsRoutes(ctx: AppContext): RouteDef[] {
  const { connections } = ctx.services.network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    { method: 'GET', path: 'network/connections', permission: 'any', tags, summary: 'Connections, last updated first', handler: async (r) => connections.list(r, ctx.config.trustProxy) },
    {
      method: 'POST', path: 'network/connections', permission: manage, tags, summary: 'Add a connection by hand',
      handler: async (r, reply) => reply.code(201).send(await connections.create(body(r))),
    },
    { method: 'GET', path: 'network/connections/:id', permission: 'any', tags, handler: async (r) => presentConnection(await connections.find(idOf(r))) },
    { method: 'PUT', path: 'network/connections/:id', permission: manage, tags, handler: async (r) => connections.update(idOf(r), body(r), 'put') },
    { method: 'PATCH', path: 'network/connections/:id', permission: manage, tags, handler: async (r) => connections.update(idOf(r), body(r), 'patch') },
    {
      method: 'DELETE', path: 'network/connections/:id', permission: manage, tags,
      handler: async (r, reply) => {
        await connections.delete(idOf(r), caller(r).userId);
        return reply.code(204).send();
      },
    },
  ];
}
