import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { AppContext } from '../../context.js';
import { forbidden } from '../../errors.js';
import { presentUser } from './users.presenter.js';
import { profileImageRoutes } from './profile-image.routes.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const UserFields = {
  type: 'object',
  properties: {
    username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' },
    first_name: { type: 'string' }, last_name: { type: 'string' }, role: { type: 'string' }, is_active: { type: 'boolean' },
  },
};

export function usersRoutes(ctx: AppContext): RouteDef[] {
  const users = ctx.services.users;
  return [
    {
      method: 'GET', path: 'users', permission: 'any', tags: ['users'], summary: 'Visible users (bare array)',
      handler: async (request) => users.list(caller(request), request.query as Record<string, unknown>),
    },
    {
      method: 'POST', path: 'users', permission: 'can_manage_users', tags: ['users'], summary: 'Create a user',
      schema: { body: UserFields },
      handler: async (request, reply) => reply.code(201).send(await users.create(caller(request), body(request))),
    },
    {
      method: 'GET', path: 'users/me', permission: 'any', tags: ['users'], summary: 'The caller',
      handler: async (request) => users.me(caller(request)),
    },
    {
      method: 'GET', path: 'users/:id', permission: 'any', tags: ['users'],
      handler: async (request) => presentUser(await users.visible(caller(request), idOf(request))),
    },
    {
      method: 'PATCH', path: 'users/:id', permission: 'any', tags: ['users'], summary: 'Edit a user (self or can_manage_users)',
      handler: async (request) => users.update(caller(request), idOf(request), body(request), false),
    },
    {
      method: 'PUT', path: 'users/:id', permission: 'any', tags: ['users'],
      handler: async (request) => users.update(caller(request), idOf(request), body(request), true),
    },
    {
      method: 'DELETE', path: 'users/:id', permission: 'can_manage_users', tags: ['users'],
      handler: async (request, reply) => {
        const removed = await users.delete(caller(request), idOf(request));
        await ctx.services.profileImages.removeFile(removed.user.profile_image_path);
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'users/:id/set_role', permission: 'can_manage_users', tags: ['users'], summary: 'Assign a role',
      handler: async (request) => {
        const p = caller(request);
        const target = await users.visible(p, idOf(request));
        await users.roleAssignment.setRole(p, target, body(request).role);
        return presentUser((await ctx.repos.users.findById(target.user.id))!);
      },
    },
    {
      // Checked here rather than with `permission: 'owner'`: a non-owner gets the specific text of rest.md §4.5,
      // still before the target is looked up.
      method: 'POST', path: 'users/:id/transfer-ownership', permission: 'any', tags: ['users'], summary: 'Hand ownership over',
      handler: async (request) => {
        const p = caller(request);
        if (p.role.name !== 'owner') throw forbidden('Only owners can assign the owner role');
        const target = await users.visible(p, idOf(request));
        await users.roleAssignment.transferOwnership(p, target, body(request));
        return {
          detail: 'Ownership transferred',
          owner: presentUser((await ctx.repos.users.findById(target.user.id))!),
          previous_owner: presentUser((await ctx.repos.users.findById(p.userId))!),
        };
      },
    },
    {
      // [extension] Lifts the login lockout of the account from every address (rest.md §3.8).
      method: 'POST', path: 'users/:id/unlock', permission: 'can_manage_users', tags: ['users'], summary: 'Unlock a locked-out account',
      handler: async (request) => {
        const p = caller(request);
        return users.lockouts.unlock(p, await users.visible(p, idOf(request)));
      },
    },
    {
      method: 'POST', path: 'users/:id/change-password', permission: 'any', tags: ['users'],
      handler: async (request) => users.changePassword(caller(request), idOf(request), body(request)),
    },
    ...profileImageRoutes(ctx),
  ];
}
