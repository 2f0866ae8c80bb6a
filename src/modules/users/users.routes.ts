import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { UsersService, UserListFilter } from './users.service.js';
import {
  changePasswordSchema, createUserSchema, deleteUserSchema, getUserSchema, listUsersSchema, meSchema, setRoleSchema,
  transferOwnershipSchema, unlockSchema, updateUserSchema,
} from './users.schemas.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** The filters of `GET users/` from its query (empty values filter nothing). */
function listFilter(query: Record<string, unknown>): UserListFilter {
  return {
    search: typeof query.search === 'string' && query.search ? query.search : undefined,
    role: typeof query.role === 'string' && query.role ? query.role : undefined,
    isActive: query.is_active === 'true' ? true : query.is_active === 'false' ? false : undefined,
  };
}

export function usersRoutes(users: UsersService): RouteDef[] {
  return [
    {
      method: 'GET', path: 'users', permission: 'any', tags: ['users'], summary: 'Visible users (bare array)',
      schema: listUsersSchema,
      handler: async (request) => users.list(caller(request), listFilter(request.query as Record<string, unknown>)),
    },
    {
      method: 'POST', path: 'users', permission: 'can_manage_users', tags: ['users'], summary: 'Create a user',
      schema: createUserSchema,
      handler: async (request, reply) => reply.code(201).send(await users.create(caller(request), body(request))),
    },
    {
      method: 'GET', path: 'users/me', permission: 'any', tags: ['users'], summary: 'The caller',
      schema: meSchema,
      handler: async (request) => users.me(caller(request)),
    },
    {
      method: 'GET', path: 'users/:id', permission: 'any', tags: ['users'], summary: 'One visible user',
      schema: getUserSchema,
      handler: async (request) => users.get(caller(request), idOf(request)),
    },
    {
      method: 'PATCH', path: 'users/:id', permission: 'any', tags: ['users'], summary: 'Edit a user (self or can_manage_users)',
      schema: updateUserSchema,
      handler: async (request) => users.update(caller(request), idOf(request), body(request), false),
    },
    {
      method: 'PUT', path: 'users/:id', permission: 'any', tags: ['users'], summary: 'Replace a user\'s identity fields',
      schema: updateUserSchema,
      handler: async (request) => users.update(caller(request), idOf(request), body(request), true),
    },
    {
      method: 'DELETE', path: 'users/:id', permission: 'can_manage_users', tags: ['users'], summary: 'Delete a user',
      schema: deleteUserSchema,
      handler: async (request, reply) => {
        await users.delete(caller(request), idOf(request));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'users/:id/set_role', permission: 'can_manage_users', tags: ['users'], summary: 'Assign a role',
      schema: setRoleSchema,
      handler: async (request) => users.setRole(caller(request), idOf(request), body(request).role),
    },
    {
      // Checked in the service rather than with `permission: 'owner'`: a non-owner gets the specific text of
      // rest.md §4.5, still before the target is looked up.
      method: 'POST', path: 'users/:id/transfer-ownership', permission: 'any', tags: ['users'], summary: 'Hand ownership over',
      schema: transferOwnershipSchema,
      handler: async (request) => users.transferOwnership(caller(request), idOf(request), body(request)),
    },
    {
      // [extension] Lifts the login lockout of the account from every address (rest.md §3.8).
      method: 'POST', path: 'users/:id/unlock', permission: 'can_manage_users', tags: ['users'], summary: 'Unlock a locked-out account',
      schema: unlockSchema,
      handler: async (request) => users.unlock(caller(request), idOf(request)),
    },
    {
      method: 'POST', path: 'users/:id/change-password', permission: 'any', tags: ['users'], summary: 'Change a password',
      schema: changePasswordSchema,
      handler: async (request) => users.changePassword(caller(request), idOf(request), body(request)),
    },
  ];
}
