import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { RolesService } from './roles.service.js';
import { createRoleSchema, deleteRoleSchema, getRoleSchema, listRolesSchema, updateRoleSchema } from './roles.schemas.js';

const nameOf = (r: FastifyRequest) => (r.params as { name: string }).name;
const body = (r: FastifyRequest) => r.body as Record<string, unknown>;

export function rolesRoutes(roles: RolesService): RouteDef[] {
  return [
    {
      method: 'GET', path: 'roles', permission: 'any', tags: ['roles'], summary: 'Every role (bare array)',
      schema: listRolesSchema, handler: async () => roles.list(),
    },
    {
      method: 'GET', path: 'roles/default_roles', permission: 'any', tags: ['roles'], summary: 'The five built-in roles',
      schema: listRolesSchema, handler: async () => roles.defaults(),
    },
    {
      method: 'GET', path: 'roles/:name', permission: 'any', tags: ['roles'], summary: 'One role',
      schema: getRoleSchema, handler: async (request) => roles.get(nameOf(request)),
    },
    {
      method: 'POST', path: 'roles', permission: 'can_manage_users', tags: ['roles'], summary: 'Create a custom role',
      schema: createRoleSchema,
      handler: async (request, reply) => reply.code(201).send(await roles.create(caller(request), body(request))),
    },
    {
      method: ['PUT', 'PATCH'], path: 'roles/:name', permission: 'can_manage_users', tags: ['roles'], summary: 'Edit a custom role',
      schema: updateRoleSchema,
      handler: async (request) => roles.update(caller(request), nameOf(request), body(request)),
    },
    {
      method: 'DELETE', path: 'roles/:name', permission: 'can_manage_users', tags: ['roles'], summary: 'Delete an unused custom role',
      schema: deleteRoleSchema,
      handler: async (request, reply) => {
        await roles.delete(nameOf(request));
        return reply.code(204).send();
      },
    },
  ];
}
