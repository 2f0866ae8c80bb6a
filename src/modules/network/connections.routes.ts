import type { FastifyRequest } from 'fastify';
import { pageOf } from '../../http/pagination.js';
import { caller, type RouteDef } from '../../http/routes.js';
import type { NetworkServices } from './network.module.js';
import { presentConnection } from './network.presenter.js';
import type { NetworkRouteOptions } from './network.routes.js';
import { connectionSchema, createConnectionSchema, deleteConnectionSchema, listConnectionsSchema, updateConnectionSchema } from './network.schemas.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** The `device` filter of `network/connections/` (blank filters nothing). */
function connectionFilter(query: Record<string, unknown>): { device?: string } {
  return { device: typeof query.device === 'string' && query.device.trim() ? query.device.trim() : undefined };
}

/** rest.md §8.4. */
export function connectionsRoutes(network: NetworkServices, { trustProxy }: NetworkRouteOptions): RouteDef[] {
  const { connections } = network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    {
      method: 'GET', path: 'network/connections', permission: 'any', tags, summary: 'Connections, last updated first', schema: listConnectionsSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => connections.list(connectionFilter(r.query as Record<string, unknown>), window)),
    },
    {
      method: 'POST', path: 'network/connections', permission: manage, tags, summary: 'Add a connection by hand', schema: createConnectionSchema,
      handler: async (r, reply) => reply.code(201).send(await connections.create(body(r))),
    },
    {
      method: 'GET', path: 'network/connections/:id', permission: 'any', tags, summary: 'One connection', schema: connectionSchema,
      handler: async (r) => presentConnection(await connections.find(idOf(r))),
    },
    {
      method: 'PUT', path: 'network/connections/:id', permission: manage, tags, summary: 'Replace a connection', schema: updateConnectionSchema,
      handler: async (r) => connections.update(idOf(r), body(r), 'put'),
    },
    {
      method: 'PATCH', path: 'network/connections/:id', permission: manage, tags, summary: 'Change some fields of a connection', schema: updateConnectionSchema,
      handler: async (r) => connections.update(idOf(r), body(r), 'patch'),
    },
    {
      method: 'DELETE', path: 'network/connections/:id', permission: manage, tags, summary: 'Delete a connection (scans do not infer it again)', schema: deleteConnectionSchema,
      handler: async (r, reply) => {
        await connections.delete(idOf(r), caller(r).userId);
        return reply.code(204).send();
      },
    },
  ];
}
