import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { AppContext } from '../../context.js';

const nameOf = (r: FastifyRequest) => (r.params as { name: string }).name;
const body = (r: FastifyRequest) => r.body as Record<string, unknown>;

export function rolesRoutes(ctx: AppContext): RouteDef[] {
  const roles = ctx.services.roles;
  return [
    { method: 'GET', path: 'roles', permission: 'any', tags: ['roles'], summary: 'Every role (bare array)', handler: async () => ctx.repos.roles.list() },
    {
      method: 'GET', path: 'roles/default_roles', permission: 'any', tags: ['roles'], summary: 'The five built-in roles',
      handler: async () => (await ctx.repos.roles.list()).filter((r) => r.is_builtin),
    },
    { method: 'GET', path: 'roles/:name', permission: 'any', tags: ['roles'], handler: async (request) => roles.get(nameOf(request)) },
    {
      method: 'POST', path: 'roles', permission: 'can_manage_users', tags: ['roles'], summary: 'Create a custom role',
      handler: async (request, reply) => reply.code(201).send(await roles.create(caller(request), body(request))),
    },
    {
      method: ['PUT', 'PATCH'], path: 'roles/:name', permission: 'can_manage_users', tags: ['roles'],
      handler: async (request) => roles.update(caller(request), nameOf(request), body(request)),
    },
    {
      method: 'DELETE', path: 'roles/:name', permission: 'can_manage_users', tags: ['roles'],
      handler: async (request, reply) => {
        await roles.delete(nameOf(request));
        return reply.code(204).send();
      },
    },
  ];
}
