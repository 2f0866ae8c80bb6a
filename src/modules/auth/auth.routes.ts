import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import { bearerToken } from '../../auth/authenticate.js';
import type { Principal } from '../../auth/permissions.js';
import type { AttemptFilters } from '../../auth/accounts/login-attempts.repository.js';
import { notFound } from '../../errors.js';
import { isUuid } from '../../db/values.js';
import { pageOf } from '../../http/pagination.js';
import type { AuthService, ClientInfo } from './auth.service.js';
import {
  checkUsersSchema, firstRunSchema, loginAttemptsSchema, loginSchema, logoutAllSchema, logoutSchema, refreshSchema,
  registerSchema, revokeSessionSchema, sessionsSchema,
} from './auth.schemas.js';

export const clientInfo = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
});

const body = (request: FastifyRequest) => request.body as Record<string, unknown>;

/** The filters of `GET auth/login-attempts/` from its query (a `since` that is no date filters nothing). */
function attemptFilters(q: Record<string, string | undefined>): AttemptFilters {
  return {
    username: q.username, ipAddress: q.ip_address,
    since: q.since && !Number.isNaN(Date.parse(q.since)) ? new Date(q.since).toISOString() : undefined,
    wasSuccessful: q.was_successful === 'true' ? true : q.was_successful === 'false' ? false : undefined,
  };
}

export interface AuthRouteDeps {
  /** The principal of a Bearer access token (rejects as the auth hook would). */
  authenticate(token: string): Promise<Principal>;
  trustProxy: boolean;
}

export function authRoutes(auth: AuthService, deps: AuthRouteDeps): RouteDef[] {
  return [
    {
      method: 'GET', path: 'auth/first-run', permission: 'public', tags: ['auth'], summary: 'Whether any user exists (204 when none)',
      schema: firstRunSchema,
      handler: async (_req, reply) => ((await auth.firstRun()) ? { users_exist: true } : reply.code(204).send()),
    },
    {
      method: 'POST', path: 'auth/register', permission: 'public', tags: ['auth'], summary: 'First-run registration of the owner',
      schema: registerSchema,
      handler: async (request, reply) => reply.code(201).send(await auth.register(body(request), clientInfo(request))),
    },
    {
      method: 'POST', path: 'auth/login', permission: 'public', tags: ['auth'], summary: 'Log in: access and refresh tokens',
      schema: loginSchema,
      handler: async (request) => auth.login(body(request), clientInfo(request)),
    },
    {
      method: 'POST', path: 'auth/refresh', permission: 'public', tags: ['auth'], summary: 'New access token from a refresh token',
      schema: refreshSchema,
      handler: async (request) => auth.refresh(body(request)),
    },
    {
      method: 'POST', path: 'auth/logout', permission: 'public', tags: ['auth'], summary: 'Revoke a session (refresh token or Bearer)',
      schema: logoutSchema,
      handler: async (request) => {
        const token = bearerToken(request.headers.authorization);
        const { refresh } = body(request);
        // A client logging out often still sends its expired access token: the refresh token alone then decides,
        // or the session it names would stay alive.
        const principal = token
          ? await deps.authenticate(token).catch((e: unknown) => {
            if (typeof refresh === 'string' && refresh !== '') return null;
            throw e;
          })
          : null;
        return auth.logout(body(request), principal);
      },
    },
    {
      method: 'POST', path: 'auth/logout-all', permission: 'any', tags: ['auth'], summary: 'Revoke every session of the caller',
      schema: logoutAllSchema,
      handler: async (request) => auth.logoutAll(caller(request)),
    },
    {
      method: 'GET', path: 'auth/check-users', permission: 'any', tags: ['auth'], summary: 'How many users exist',
      schema: checkUsersSchema,
      handler: async () => ({ users_exist: true, user_count: await auth.userCount() }),
    },
    {
      method: 'GET', path: 'auth/sessions', permission: 'any', tags: ['auth'], summary: "The caller's active sessions",
      schema: sessionsSchema,
      handler: async (request) => pageOf(request, deps.trustProxy, (window) => auth.listSessions(caller(request), window)),
    },
    {
      method: 'DELETE', path: 'auth/sessions/:id', permission: 'any', tags: ['auth'], summary: 'Revoke one of your sessions',
      schema: revokeSessionSchema,
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!isUuid(id) || !(await auth.revokeOwnSession(caller(request), id.toLowerCase()))) throw notFound();
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', path: 'auth/login-attempts', permission: 'can_view_all_data', tags: ['auth'], summary: 'Login attempt log',
      schema: loginAttemptsSchema,
      handler: async (request) => {
        const filter = attemptFilters(request.query as Record<string, string | undefined>);
        return pageOf(request, deps.trustProxy, (window) => auth.listLoginAttempts(filter, window));
      },
    },
  ];
}
