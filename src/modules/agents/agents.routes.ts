import type { FastifyRequest } from 'fastify';
import { caller, type RouteDef } from '../../http/routes.js';
import { pageOf } from '../../http/pagination.js';
import type { AgentsService } from './agents.service.js';
import * as s from './agents.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['agents'];
const manage = 'can_manage_monitors' as const;

export function agentsRoutes({ agents, trustProxy }: { agents: AgentsService; trustProxy: boolean }): RouteDef[] {
  return [
    {
      method: 'GET', path: 'agents', permission: 'any', tags, summary: 'Agents, by name', schema: s.listAgentsSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => agents.list(window)),
    },
    {
      method: 'POST', path: 'agents', permission: manage, tags, summary: 'Register an agent (its token is shown in this answer only)', schema: s.createAgentSchema,
      handler: async (r, reply) => reply.code(201).send(await agents.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'agents/:id', permission: 'any', tags, summary: 'One agent', schema: s.getAgentSchema, handler: async (r) => agents.get(idOf(r)) },
    {
      method: 'PATCH', path: 'agents/:id', permission: manage, tags, summary: 'Rename an agent or change its tags', schema: s.updateAgentSchema,
      handler: async (r) => agents.update(idOf(r), body(r)),
    },
    {
      method: 'DELETE', path: 'agents/:id', permission: manage, tags, summary: 'Delete an agent (disconnects it)', schema: s.deleteAgentSchema,
      handler: async (r, reply) => {
        await agents.remove(idOf(r));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'agents/:id/rotate-token', permission: manage, tags, summary: 'A new token; the old one stops working at once', schema: s.rotateTokenSchema,
      handler: async (r) => agents.rotateToken(idOf(r)),
    },
  ];
}
